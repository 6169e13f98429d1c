namespace Gateway.Protocol.Tests;

/// <summary>Every status code against the table in GUACAMOLE.md §1.9.</summary>
public sealed class GuacamoleStatusMappingTests
{
    public static TheoryData<int, string, int, int> Table => new()
    {
        { 0x0000, "SUCCESS", 200, 1000 },
        { 0x0100, "UNSUPPORTED", 501, 1011 },
        { 0x0200, "SERVER_ERROR", 500, 1011 },
        { 0x0201, "SERVER_BUSY", 503, 1008 },
        { 0x0202, "UPSTREAM_TIMEOUT", 504, 1011 },
        { 0x0203, "UPSTREAM_ERROR", 502, 1011 },
        { 0x0204, "RESOURCE_NOT_FOUND", 404, 1002 },
        { 0x0205, "RESOURCE_CONFLICT", 409, 1008 },
        { 0x0206, "RESOURCE_CLOSED", 404, 1002 },
        { 0x0207, "UPSTREAM_NOT_FOUND", 502, 1011 },
        { 0x0208, "UPSTREAM_UNAVAILABLE", 502, 1011 },
        { 0x0209, "SESSION_CONFLICT", 409, 1008 },
        { 0x020A, "SESSION_TIMEOUT", 408, 1002 },
        { 0x020B, "SESSION_CLOSED", 404, 1002 },
        { 0x0300, "CLIENT_BAD_REQUEST", 400, 1002 },
        { 0x0301, "CLIENT_UNAUTHORIZED", 403, 1008 },
        { 0x0303, "CLIENT_FORBIDDEN", 403, 1008 },
        { 0x0308, "CLIENT_TIMEOUT", 408, 1002 },
        { 0x030D, "CLIENT_OVERRUN", 413, 1009 },
        { 0x030F, "CLIENT_BAD_TYPE", 415, 1003 },
        { 0x031D, "CLIENT_TOO_MANY", 429, 1008 },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void Status_maps_to_http_and_websocket_codes(int code, string name, int http, int webSocket)
    {
        Assert.True(GuacamoleStatusMapping.IsDefined(code));
        var status = (GuacamoleStatus)code;

        Assert.Equal(name, status.ToProtocolName());
        Assert.Equal(http, status.ToHttpStatus());
        Assert.Equal(webSocket, status.ToWebSocketCloseCode());
    }

    [Fact]
    public void Table_lists_every_defined_status()
    {
        var listed = Table.Select(row => (int)row[0]).Order().ToArray();
        var defined = Enum.GetValues<GuacamoleStatus>().Select(s => (int)s).Order().ToArray();

        Assert.Equal(defined, listed);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(0x0302)]
    [InlineData(0x0400)]
    [InlineData(0xFFFF)]
    public void Undefined_codes_fall_back_to_server_error_mappings(int code)
    {
        Assert.False(GuacamoleStatusMapping.IsDefined(code));
        var status = (GuacamoleStatus)code;

        Assert.Equal(500, status.ToHttpStatus());
        Assert.Equal(1011, status.ToWebSocketCloseCode());
        Assert.Equal("UNKNOWN", status.ToProtocolName());
    }

    [Fact]
    public void Protocol_error_and_exception_carry_the_status()
    {
        var error = new ProtocolError(GuacamoleStatus.ClientOverrun, "element too long");
        var exception = new GuacamoleProtocolException(error);

        Assert.Equal("CLIENT_OVERRUN: element too long", error.ToString());
        Assert.Equal(GuacamoleStatus.ClientOverrun, exception.Status);
        Assert.Equal(error, exception.Error);
        Assert.Equal(GuacamoleStatus.ClientBadRequest, new GuacamoleProtocolException("bad").Status);
    }
}
