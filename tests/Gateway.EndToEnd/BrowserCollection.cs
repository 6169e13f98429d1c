namespace Gateway.EndToEnd;

/// <summary>All browser tests share one gateway and one Chromium; xunit runs the collection's tests one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<GatewayBrowserFixture>
{
    public const string Name = "gateway and chromium";
}
