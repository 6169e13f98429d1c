using Gateway.Display.Encoding;

namespace Gateway.Display.Tests.Encoding;

public class ContentClassifierTests
{
    private static ContentScore Score(TestImages.Image image) =>
        ContentClassifier.Analyse(image.Pixels, image.Width, image.Height, image.Stride);

    [Fact]
    public void Flat_fill_is_fully_png_suitable()
    {
        var score = Score(TestImages.Create(300, 200, (_, _) => TestImages.Rgb(1, 2, 3)));
        Assert.Equal(1.0, score.PngSuitability);
        Assert.Equal(1, score.Colours);
        Assert.Equal(0, score.DifferentNeighbours);
        Assert.False(score.IsPhotographic);
    }

    [Fact]
    public void Noise_is_photographic()
    {
        var score = Score(TestImages.Noise(300, 200, 17));
        Assert.True(score.PngSuitability < -0.9, $"suitability {score.PngSuitability}");
        Assert.Equal(ContentClassifier.ColourCap, score.Colours);
        Assert.True(score.IsPhotographic);
    }

    [Fact]
    public void Text_is_not_photographic()
    {
        var score = Score(TestImages.Text(400, 240));
        Assert.True(score.PngSuitability > 0, $"suitability {score.PngSuitability}");
        Assert.False(score.IsPhotographic);
    }

    [Fact]
    public void Few_colours_that_alternate_are_not_photographic()
    {
        // A checkerboard differs at every neighbour but fits a 2-colour palette.
        var score = Score(TestImages.Create(64, 64, (x, y) => ((x + y) & 1) == 0 ? TestImages.Rgb(0, 0, 0) : TestImages.Rgb(255, 255, 255)));
        Assert.Equal(-1.0, score.PngSuitability);
        Assert.Equal(2, score.Colours);
        Assert.False(score.IsPhotographic);
    }

    [Fact]
    public void Samples_at_most_sixteen_rows()
    {
        var score = Score(TestImages.Create(10, 1000, (_, _) => TestImages.Rgb(9, 9, 9)));
        Assert.Equal(ContentClassifier.MaxSampledRows * 9, score.IdenticalNeighbours + score.DifferentNeighbours);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(1, 50)]
    [InlineData(50, 1)]
    public void Degenerate_sizes(int width, int height)
    {
        var score = Score(TestImages.Noise(width, height, 3));
        Assert.InRange(score.PngSuitability, -1.0, 1.0);
        Assert.InRange(score.Colours, 1, ContentClassifier.ColourCap);
    }

    [Fact]
    public void Honours_stride()
    {
        var image = TestImages.Create(20, 20, 20 * 4 + 40, (_, _) => TestImages.Rgb(5, 5, 5));
        Assert.Equal(1, Score(image).Colours);
    }
}
