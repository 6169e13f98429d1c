namespace Gateway.Display.Encoding;

/// <summary>How the PNG encoder picks each row's filter (exposed for benchmarks).</summary>
internal enum PngFilterStrategy
{
    /// <summary>Filter type 0 on every row.</summary>
    None,

    /// <summary>Filter type 1 (left neighbour) on every row.</summary>
    Sub,

    /// <summary>Filter type 2 (row above) on every truecolour row; palette rows use None. The default.</summary>
    Up,

    /// <summary>Filter type 4 on every row.</summary>
    Paeth,

    /// <summary>Up for a row identical to the one above (it becomes all zeros), Sub otherwise; palette rows use None instead of Sub.</summary>
    SubOrUpWhenRepeated,

    /// <summary>
    /// Up for a repeated row; otherwise whichever of Sub and Up has the smaller sum of absolute values
    /// (both are computed). Palette rows as in <see cref="SubOrUpWhenRepeated"/>.
    /// </summary>
    SubOrUpByCost,
}
