using Gateway.Display.Encoding;

namespace Gateway.Display.Tests.Encoding;

public class EncoderPolicyTests
{
    private static readonly string[] Stock = ["image/jpeg", "image/png", "image/webp"];
    private static readonly string[] NoWebP = ["image/jpeg", "image/png"];
    private static readonly string[] PngOnly = ["image/png"];

    private static readonly ContentScore Photo = new(IdenticalNeighbours: 10, DifferentNeighbours: 990, Colours: 257);
    private static readonly ContentScore Text = new(IdenticalNeighbours: 900, DifferentNeighbours: 100, Colours: 12);

    public static TheoryData<string, PolicyCase> Table() => new()
    {
        // name, mimetypes, w, h, opaque, fps, photo, forceLossless, lag => format, lossless
        { "animated photo -> jpeg", new PolicyCase(Stock, 320, 240, true, 10, true, false, 20, ImageFormat.Jpeg, false) },
        { "exactly 0.5 per second counts as moving", new PolicyCase(Stock, 320, 240, true, 0.5, true, false, 20, ImageFormat.Jpeg, false) },
        { "1 fps under load stays lossy", new PolicyCase(Stock, 320, 240, true, 1, true, false, 20, ImageFormat.Jpeg, false) },
        { "still photo -> png", new PolicyCase(Stock, 320, 240, true, 0, true, false, 20, ImageFormat.Png, true) },
        { "0.49 per second is still", new PolicyCase(Stock, 320, 240, true, 0.49, true, false, 20, ImageFormat.Png, true) },
        { "animated text -> png", new PolicyCase(Stock, 320, 240, true, 30, false, false, 20, ImageFormat.Png, true) },
        { "64x64 is too small for jpeg", new PolicyCase(NoWebP, 64, 64, true, 30, true, false, 20, ImageFormat.Png, true) },
        { "65x64 is big enough", new PolicyCase(NoWebP, 65, 64, true, 30, true, false, 20, ImageFormat.Jpeg, false) },
        { "small animated photo with webp -> png", new PolicyCase(Stock, 64, 64, true, 30, true, false, 20, ImageFormat.Png, true) },
        { "opaque animated photo prefers jpeg over webp", new PolicyCase(Stock, 640, 480, true, 30, true, false, 20, ImageFormat.Jpeg, false) },
        { "small translucent photo -> png", new PolicyCase(Stock, 64, 64, false, 30, true, false, 20, ImageFormat.Png, true) },
        { "translucent animated photo -> lossy webp", new PolicyCase(Stock, 320, 240, false, 30, true, false, 20, ImageFormat.WebP, false) },
        { "translucent still photo -> png", new PolicyCase(Stock, 320, 240, false, 0, true, false, 20, ImageFormat.Png, true) },
        { "translucent photo, force-lossless -> png", new PolicyCase(Stock, 320, 240, false, 30, true, true, 20, ImageFormat.Png, true) },
        { "translucent photo without webp -> png", new PolicyCase(NoWebP, 320, 240, false, 30, true, false, 20, ImageFormat.Png, true) },
        { "force-lossless -> png", new PolicyCase(Stock, 320, 240, true, 30, true, true, 20, ImageFormat.Png, true) },
        { "force-lossless without webp -> png", new PolicyCase(NoWebP, 320, 240, true, 30, true, true, 20, ImageFormat.Png, true) },
        { "client without jpeg -> png", new PolicyCase(PngOnly, 320, 240, true, 30, true, false, 20, ImageFormat.Png, true) },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void Policy_table(string name, PolicyCase c)
    {
        var (mimetypes, width, height, opaque, fps, photo, forceLossless, lag, format, lossless) = c;
        var choice = EncoderPolicy.Choose(mimetypes, new EncoderRegion(width, height, opaque, fps, photo ? Photo : Text), lag, forceLossless);
        Assert.True(choice.Format == format, $"{name}: got {choice.Format}");
        Assert.Equal(lossless, choice.Options.Lossless);
        Assert.Equal(!opaque, choice.Options.HasAlpha);
    }

    /// <summary>One row of the policy table.</summary>
    public sealed record PolicyCase(string[] Mimetypes, int Width, int Height, bool Opaque, double Fps, bool Photo, bool ForceLossless, int Lag, ImageFormat Format, bool Lossless);

    [Theory]
    [InlineData(100, 900, 257, true)] // photographic
    [InlineData(600, 400, 257, true)] // more equal neighbours than different, still costly: suitability 0.2
    [InlineData(740, 260, 257, true)] // suitability 0.48
    [InlineData(750, 250, 257, false)] // suitability exactly 0.5: UI with a gradient or an icon
    [InlineData(950, 50, 257, false)] // mostly flat
    [InlineData(0, 1000, 256, false)] // noisy but fits a palette: PNG's palette path handles it
    [InlineData(0, 1000, 2, false)] // a checkerboard
    [InlineData(900, 100, 12, false)] // text
    public void Costly_for_png_needs_many_colours_and_a_poor_suitability(int identical, int different, int colours, bool lossy)
    {
        var content = new ContentScore(identical, different, colours);
        Assert.Equal(lossy, EncoderPolicy.IsCostlyForPng(content));
        var moving = EncoderPolicy.Choose(Stock, new EncoderRegion(320, 240, true, 10, content), 20, forceLossless: false);
        Assert.Equal(lossy ? ImageFormat.Jpeg : ImageFormat.Png, moving.Format);
        Assert.Equal(!lossy, moving.Options.Lossless);
        var translucent = EncoderPolicy.Choose(Stock, new EncoderRegion(320, 240, false, 10, content), 20, forceLossless: false);
        Assert.Equal(lossy ? ImageFormat.WebP : ImageFormat.Png, translucent.Format);
        Assert.Equal(!lossy, translucent.Options.Lossless);
        var still = EncoderPolicy.Choose(Stock, new EncoderRegion(320, 240, true, 0, content), 20, forceLossless: false);
        Assert.Equal(ImageFormat.Png, still.Format);
        var forced = EncoderPolicy.Choose(Stock, new EncoderRegion(320, 240, true, 10, content), 20, forceLossless: true);
        Assert.Equal(ImageFormat.Png, forced.Format);
    }

    [Fact]
    public void A_smooth_plasma_with_slight_noise_is_costly_for_png_and_moving_goes_jpeg()
    {
        // What the bench's animation draws: smooth colour waves with ±3 of noise on every channel.
        const int w = 256, h = 128;
        var pixels = new byte[w * h * 4];
        uint noise = 0x9E3779B9u;
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                noise ^= noise << 13;
                noise ^= noise >> 17;
                noise ^= noise << 5;
                int n = (int)(noise & 7) - 3;
                int i = ((y * w) + x) * 4;
                pixels[i] = (byte)Math.Clamp(128 + (int)(Math.Sin((x + y) * 0.011) * 120) + n, 0, 255);
                pixels[i + 1] = (byte)Math.Clamp(128 + (int)(Math.Sin(y * 0.017) * 120) + n, 0, 255);
                pixels[i + 2] = (byte)Math.Clamp(128 + (int)(Math.Sin(x * 0.013) * 120) + n, 0, 255);
                pixels[i + 3] = 255;
            }
        }

        var score = ContentClassifier.Analyse(pixels, w, h, w * 4);
        Assert.True(EncoderPolicy.IsCostlyForPng(score), $"score {score}");
        Assert.Equal(ImageFormat.Jpeg, EncoderPolicy.Choose(NoWebP, new EncoderRegion(w, h, true, 1, score), 20, false).Format);
        Assert.Equal(ImageFormat.Png, EncoderPolicy.Choose(NoWebP, new EncoderRegion(w, h, true, 0, score), 20, false).Format);
    }

    [Theory]
    [InlineData(0, 90)]
    [InlineData(20, 90)]
    [InlineData(30, 80)]
    [InlineData(50, 60)]
    [InlineData(70, 40)]
    [InlineData(80, 30)]
    [InlineData(500, 30)]
    [InlineData(-5, 90)]
    public void Quality_falls_linearly_with_lag(int lag, int quality)
    {
        Assert.Equal(quality, EncoderPolicy.QualityForLag(lag));
        var choice = EncoderPolicy.Choose(Stock, new EncoderRegion(320, 240, true, 10, Photo), lag, forceLossless: false);
        Assert.Equal(ImageFormat.Jpeg, choice.Format);
        Assert.Equal(quality, choice.Options.Quality);
        var webp = EncoderPolicy.Choose(Stock, new EncoderRegion(320, 240, false, 10, Photo), lag, forceLossless: false);
        Assert.Equal((ImageFormat.WebP, quality), (webp.Format, webp.Options.Quality));
    }

    [Fact]
    public void Mimetype_match_ignores_case()
    {
        var choice = EncoderPolicy.Choose(["IMAGE/JPEG"], new EncoderRegion(320, 240, true, 10, Photo), 20, forceLossless: false);
        Assert.Equal(ImageFormat.Jpeg, choice.Format);
    }

    [Fact]
    public void Classifier_feeds_policy()
    {
        var noise = TestImages.Noise(128, 128, 5);
        var text = TestImages.Text(128, 128);
        var noiseScore = ContentClassifier.Analyse(noise.Pixels, 128, 128, noise.Stride);
        var textScore = ContentClassifier.Analyse(text.Pixels, 128, 128, text.Stride);
        Assert.Equal(ImageFormat.Jpeg, EncoderPolicy.Choose(NoWebP, new EncoderRegion(128, 128, true, 10, noiseScore), 20, false).Format);
        Assert.Equal(ImageFormat.Png, EncoderPolicy.Choose(NoWebP, new EncoderRegion(128, 128, true, 10, textScore), 20, false).Format);
    }
}
