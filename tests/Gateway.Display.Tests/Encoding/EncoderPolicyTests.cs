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
        { "exactly 3 fps counts", new PolicyCase(Stock, 320, 240, true, 3, true, false, 20, ImageFormat.Jpeg, false) },
        { "still photo -> png", new PolicyCase(Stock, 320, 240, true, 1, true, false, 20, ImageFormat.Png, true) },
        { "2.9 fps is still", new PolicyCase(Stock, 320, 240, true, 2.9, true, false, 20, ImageFormat.Png, true) },
        { "animated text -> png", new PolicyCase(Stock, 320, 240, true, 30, false, false, 20, ImageFormat.Png, true) },
        { "64x64 is too small for jpeg", new PolicyCase(NoWebP, 64, 64, true, 30, true, false, 20, ImageFormat.Png, true) },
        { "65x64 is big enough", new PolicyCase(NoWebP, 65, 64, true, 30, true, false, 20, ImageFormat.Jpeg, false) },
        { "small animated photo with webp -> png", new PolicyCase(Stock, 64, 64, true, 30, true, false, 20, ImageFormat.Png, true) },
        { "opaque animated photo prefers jpeg over webp", new PolicyCase(Stock, 640, 480, true, 30, true, false, 20, ImageFormat.Jpeg, false) },
        { "small translucent photo -> png", new PolicyCase(Stock, 64, 64, false, 30, true, false, 20, ImageFormat.Png, true) },
        { "translucent animated photo -> lossy webp", new PolicyCase(Stock, 320, 240, false, 30, true, false, 20, ImageFormat.WebP, false) },
        { "translucent still photo -> png", new PolicyCase(Stock, 320, 240, false, 1, true, false, 20, ImageFormat.Png, true) },
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
