using Gateway.Core.Sessions;

namespace Gateway.Core.Tests.Sessions;

/// <summary>
/// guacd's estimate (GUACAMOLE.md §1.8, __guac_handle_sync): frame_duration = now - ts; the frame's
/// processing lag is max(0, frame_duration - previous baseline); the new baseline (estimated rtt) is
/// frame_duration - that lag; the user's processing lag is that lag.
/// </summary>
public sealed class LagEstimatorTests
{
    [Fact]
    public void A_new_estimator_has_no_lag_and_nothing_sent()
    {
        var lag = new LagEstimator();

        Assert.Equal(-1, lag.LastSentTimestamp);
        Assert.Equal(-1, lag.LastAckedTimestamp);
        Assert.Equal(0, lag.EstimatedRtt);
        Assert.Equal(0, lag.ProcessingLag);
        Assert.Equal(0, lag.UnackedFrames);
        Assert.Equal(0, lag.CurrentLag(123456));
    }

    [Fact]
    public void Frames_sent_must_move_forward()
    {
        var lag = new LagEstimator();

        lag.FrameSent(1000);
        lag.FrameSent(1000);
        lag.FrameSent(999);

        Assert.Equal(1000, lag.LastSentTimestamp);
        Assert.Equal(1, lag.UnackedFrames);
    }

    [Fact]
    public void Acknowledging_a_frame_never_sent_is_refused()
    {
        var lag = new LagEstimator();
        Assert.False(lag.Acknowledge(5, 10));

        lag.FrameSent(1000);
        Assert.False(lag.Acknowledge(1001, 2000));
        Assert.Equal(-1, lag.LastAckedTimestamp);
        Assert.Equal(1, lag.UnackedFrames);
    }

    [Fact]
    public void Guacd_formula_on_a_sequence_of_frames()
    {
        var lag = new LagEstimator();

        // First frame: all of it is the baseline round trip.
        lag.FrameSent(1000);
        Assert.True(lag.Acknowledge(1000, 1040));
        Assert.Equal((40, 0), (lag.EstimatedRtt, lag.ProcessingLag));

        // 100 ms against a 40 ms baseline: 60 ms of processing lag, baseline stays 40.
        lag.FrameSent(1100);
        Assert.True(lag.Acknowledge(1100, 1200));
        Assert.Equal((40, 60), (lag.EstimatedRtt, lag.ProcessingLag));

        // Faster than the baseline: no lag, and the baseline drops to 30.
        lag.FrameSent(1300);
        Assert.True(lag.Acknowledge(1300, 1330));
        Assert.Equal((30, 0), (lag.EstimatedRtt, lag.ProcessingLag));

        // 80 ms against 30.
        lag.FrameSent(1400);
        Assert.True(lag.Acknowledge(1400, 1480));
        Assert.Equal((30, 50), (lag.EstimatedRtt, lag.ProcessingLag));
        Assert.Equal(1400, lag.LastAckedTimestamp);
        Assert.Equal(0, lag.UnackedFrames);
        Assert.Equal(50, lag.CurrentLag(5000));
    }

    [Fact]
    public void An_unacknowledged_frame_makes_the_current_lag_grow()
    {
        var lag = new LagEstimator();
        lag.FrameSent(1000);
        lag.Acknowledge(1000, 1030); // rtt 30
        lag.FrameSent(1100);
        lag.Acknowledge(1100, 1180); // lag 50

        lag.FrameSent(2000);

        Assert.Equal(50, lag.CurrentLag(2050)); // 2050 - 2000 - 30 = 20 < 50
        Assert.Equal(70, lag.CurrentLag(2100)); // 2100 - 2000 - 30
        Assert.Equal(970, lag.CurrentLag(3000));
        Assert.Equal(50, lag.ProcessingLag);
    }

    [Fact]
    public void Acknowledging_a_later_frame_acknowledges_all_earlier_ones()
    {
        var lag = new LagEstimator();
        lag.FrameSent(3000);
        lag.FrameSent(3010);
        lag.FrameSent(3020);

        Assert.True(lag.Acknowledge(3010, 3050));

        Assert.Equal(1, lag.UnackedFrames);
        Assert.Equal(3010, lag.LastAckedTimestamp);
        Assert.Equal(40, lag.EstimatedRtt);
        Assert.Equal(0, lag.CurrentLag(3060)); // 3060 - 3020 - 40 = 0
        Assert.Equal(5, lag.CurrentLag(3065));
    }

    [Fact]
    public void Acknowledging_an_older_frame_again_changes_nothing()
    {
        var lag = new LagEstimator();
        lag.FrameSent(1000);
        lag.FrameSent(1100);
        lag.Acknowledge(1000, 1040);
        lag.Acknowledge(1100, 1200);

        Assert.True(lag.Acknowledge(1000, 9000));
        Assert.True(lag.Acknowledge(1100, 9000));

        Assert.Equal((40, 60, 1100L), (lag.EstimatedRtt, lag.ProcessingLag, lag.LastAckedTimestamp));
    }

    [Fact]
    public void A_frame_acknowledged_before_its_timestamp_counts_as_zero_duration()
    {
        // The session stamps frames max(now, last + 1), so a burst of frames can carry stamps ahead of the clock.
        var lag = new LagEstimator();
        lag.FrameSent(1005);

        Assert.True(lag.Acknowledge(1005, 1000));

        Assert.Equal((0, 0), (lag.EstimatedRtt, lag.ProcessingLag));
    }

    [Fact]
    public void A_zero_baseline_is_still_a_baseline()
    {
        // Deliberate difference from guacd, whose "last_frame_duration != 0" test treats a 0 ms round
        // trip as "no baseline yet" and so never measures lag on a sub-millisecond network.
        var lag = new LagEstimator();
        lag.FrameSent(1000);
        lag.Acknowledge(1000, 1000);
        lag.FrameSent(1100);

        lag.Acknowledge(1100, 1125);

        Assert.Equal((0, 25), (lag.EstimatedRtt, lag.ProcessingLag));
    }

    [Fact]
    public void Only_a_bounded_number_of_unacknowledged_frames_is_remembered()
    {
        var lag = new LagEstimator();
        for (int i = 0; i < LagEstimator.MaxTrackedFrames + 44; i++)
        {
            lag.FrameSent(1000 + (i * 10));
        }

        Assert.Equal(LagEstimator.MaxTrackedFrames, lag.UnackedFrames);
        // The oldest remembered frame is number 44 (sent at 1440).
        Assert.Equal(560, lag.CurrentLag(2000));
    }
}
