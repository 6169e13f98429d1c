namespace Gateway.Display.Encoding;

/// <summary>
/// What <see cref="ContentClassifier"/> saw in the sampled rows of a region.
/// </summary>
/// <param name="IdenticalNeighbours">Horizontally adjacent pixel pairs with the same colour.</param>
/// <param name="DifferentNeighbours">Horizontally adjacent pixel pairs with different colours.</param>
/// <param name="Colours">Distinct colours in the sampled rows, capped at <see cref="ContentClassifier.ColourCap"/>.</param>
public readonly record struct ContentScore(int IdenticalNeighbours, int DifferentNeighbours, int Colours)
{
    /// <summary>
    /// PNG suitability from -1 (every neighbour differs: noise, photos, gradients) to +1 (flat fills).
    /// Zero when there were no pairs to compare (one-pixel-wide regions).
    /// </summary>
    public double PngSuitability
    {
        get
        {
            int pairs = IdenticalNeighbours + DifferentNeighbours;
            return pairs == 0 ? 0 : (IdenticalNeighbours - DifferentNeighbours) / (double)pairs;
        }
    }

    /// <summary>
    /// True when a lossy codec is the better fit: more neighbours differ than match, and the sample has more
    /// colours than a palette PNG can hold. Text, UI and flat fills are never photographic.
    /// </summary>
    public bool IsPhotographic => PngSuitability < 0 && Colours > 256;
}
