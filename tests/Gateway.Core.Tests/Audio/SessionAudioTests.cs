using Gateway.Core.Audio;
using Gateway.Core.Tests.Support;
using Gateway.Protocol;

namespace Gateway.Core.Tests.Audio;

public sealed class SessionAudioTests
{
    [Fact]
    public async Task Pcm_goes_to_every_user_in_blobs_of_at_most_6048_bytes_and_a_joiner_gets_the_open_stream()
    {
        var time = Harness.NewTime();
        await using var manager = Harness.Manager(time, null, new ProbeBackend());
        var owner = await TestClient.StartAsync(manager, ProbeBackend.ProtocolName);
        var audio = new SessionAudio(owner.Session);

        Assert.True(audio.Open(44100, 2));
        var open = Assert.Single(await owner.PingAsync());
        Assert.Equal("audio", open.Opcode);
        string stream = open.Args[0];
        Assert.Equal(new Instruction("audio", stream, "audio/L16;rate=44100,channels=2"), open);
        Assert.Equal(1, int.Parse(stream, System.Globalization.CultureInfo.InvariantCulture) % 2); // a broadcast (odd) stream

        var pcm = Enumerable.Range(0, 6048 * 2 + 100).Select(i => (byte)(i * 31)).ToArray();
        audio.Write(pcm);
        var blobs = await owner.PingAsync();
        Assert.Equal(
            [
                new Instruction("blob", stream, Convert.ToBase64String(pcm, 0, 6048)),
                new Instruction("blob", stream, Convert.ToBase64String(pcm, 6048, 6048)),
                new Instruction("blob", stream, Convert.ToBase64String(pcm, 12096, 100)),
            ],
            blobs);

        var joiner = await TestClient.JoinAsync(manager, owner.Session, "j");
        await owner.PingAsync();
        audio.AddUser(joiner.User);
        Assert.Equal([new Instruction("audio", stream, "audio/L16;rate=44100,channels=2")], await joiner.PingAsync());
        Assert.Empty(await owner.PingAsync());

        audio.Write(pcm.AsSpan(0, 4));
        audio.Close();
        var tail = new[] { new Instruction("blob", stream, Convert.ToBase64String(pcm, 0, 4)), new Instruction("end", stream) };
        Assert.Equal(tail, await owner.PingAsync());
        Assert.Equal(tail, await joiner.PingAsync());

        // Closed: nothing more is sent, and the index is free again.
        audio.Write(pcm);
        audio.Close();
        Assert.Empty(await owner.PingAsync());
        Assert.False(audio.IsOpen);
        Assert.True(audio.Open(8000, 1));
        var reopened = Assert.Single(await owner.PingAsync());
        Assert.Equal(new Instruction("audio", reopened.Args[0], "audio/L16;rate=8000,channels=1"), reopened);

        await joiner.DisconnectAsync();
        await owner.DisconnectAsync();
    }
}
