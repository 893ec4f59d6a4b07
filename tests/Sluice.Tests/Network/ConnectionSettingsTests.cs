using Sluice.Network;
using Sluice.Protocol;
using Xunit;

namespace Sluice.Tests.Network;

public sealed class ConnectionSettingsTests
{
    [Fact]
    public void Defaults_are_the_documented_values()
    {
        var settings = ConnectionSettings.Default;

        Assert.Equal("sluice", settings.ClientId);
        Assert.Equal(TimeSpan.FromSeconds(10), settings.ConnectTimeout);
        Assert.Equal(TimeSpan.FromSeconds(30), settings.RequestTimeout);
        Assert.Equal(16, settings.MaxInFlightRequests);
        Assert.Equal(100 * 1024 * 1024, settings.MaxResponseSize);
        Assert.Equal(0, settings.ReceiveBufferBytes);
        Assert.Equal(0, settings.SendBufferBytes);
        Assert.True(settings.ApiVersionsRequest);
        Assert.True(settings.LegacyBrokerFallback);
        Assert.Equal(TimeSpan.FromMilliseconds(300), settings.LegacyProbeDelay);
        Assert.Equal(TimeSpan.FromSeconds(10), settings.ApiVersionsTimeout);
        Assert.Empty(settings.MaxVersions);
    }

    [Fact]
    public void A_new_instance_has_the_same_defaults_as_Default()
    {
        var fresh = new ConnectionSettings();

        Assert.Equal(ConnectionSettings.Default.ClientId, fresh.ClientId);
        Assert.Equal(ConnectionSettings.Default.RequestTimeout, fresh.RequestTimeout);
        Assert.Equal(ConnectionSettings.Default.MaxInFlightRequests, fresh.MaxInFlightRequests);
        Assert.Empty(fresh.MaxVersions);
    }

    [Fact]
    public void WithClientId_copies_and_leaves_the_original_unchanged()
    {
        var original = new ConnectionSettings();

        var changed = original.WithClientId("orders-service");

        Assert.Equal("orders-service", changed.ClientId);
        Assert.Equal("sluice", original.ClientId);
        Assert.Equal(original.RequestTimeout, changed.RequestTimeout);
    }

    [Fact]
    public void WithConnectTimeout_copies_and_leaves_the_original_unchanged()
    {
        var original = new ConnectionSettings();

        var changed = original.WithConnectTimeout(TimeSpan.FromMilliseconds(1));

        Assert.Equal(TimeSpan.FromMilliseconds(1), changed.ConnectTimeout);
        Assert.Equal(TimeSpan.FromSeconds(10), original.ConnectTimeout);
    }

    [Fact]
    public void WithRequestTimeout_copies_and_leaves_the_original_unchanged()
    {
        var original = new ConnectionSettings();

        var changed = original.WithRequestTimeout(TimeSpan.FromMinutes(2));

        Assert.Equal(TimeSpan.FromMinutes(2), changed.RequestTimeout);
        Assert.Equal(TimeSpan.FromSeconds(30), original.RequestTimeout);
        Assert.Equal(original.ConnectTimeout, changed.ConnectTimeout);
    }

    [Fact]
    public void WithMaxInFlightRequests_copies_and_leaves_the_original_unchanged()
    {
        var original = new ConnectionSettings();

        var one = original.WithMaxInFlightRequests(1);

        Assert.Equal(1, one.MaxInFlightRequests);
        Assert.Equal(16, original.MaxInFlightRequests);
    }

    [Fact]
    public void WithApiVersionsRequest_copies_and_leaves_the_original_unchanged()
    {
        var original = new ConnectionSettings();

        var legacy = original.WithApiVersionsRequest(false);

        Assert.False(legacy.ApiVersionsRequest);
        Assert.True(original.ApiVersionsRequest);
        Assert.True(legacy.WithApiVersionsRequest(true).ApiVersionsRequest);
    }

    [Fact]
    public void WithMaxVersion_copies_the_caps_and_leaves_the_original_unchanged()
    {
        var original = new ConnectionSettings();

        var capped = original.WithMaxVersion(ApiKey.Produce, 2);
        var twice = capped.WithMaxVersion(ApiKey.Metadata, 0).WithMaxVersion(ApiKey.Produce, 7);

        Assert.Empty(original.MaxVersions);
        Assert.Equal(2, Assert.Single(capped.MaxVersions).Value);
        Assert.Equal(7, twice.MaxVersions[ApiKey.Produce]);
        Assert.Equal(0, twice.MaxVersions[ApiKey.Metadata]);
        Assert.Equal(2, capped.MaxVersions[ApiKey.Produce]);
    }

    [Fact]
    public void WithX_on_Default_does_not_change_Default()
    {
        _ = ConnectionSettings.Default
            .WithClientId("x")
            .WithMaxVersion(ApiKey.Fetch, 3)
            .WithMaxInFlightRequests(2)
            .WithRequestTimeout(TimeSpan.FromSeconds(1));

        Assert.Equal("sluice", ConnectionSettings.Default.ClientId);
        Assert.Empty(ConnectionSettings.Default.MaxVersions);
        Assert.Equal(16, ConnectionSettings.Default.MaxInFlightRequests);
        Assert.Equal(TimeSpan.FromSeconds(30), ConnectionSettings.Default.RequestTimeout);
    }

    public static TheoryData<TimeSpan> NonPositiveTimeouts() => new(TimeSpan.Zero, TimeSpan.FromTicks(-1), TimeSpan.FromSeconds(-5), Timeout.InfiniteTimeSpan);

    [Theory]
    [MemberData(nameof(NonPositiveTimeouts))]
    public void Non_positive_connect_timeout_is_rejected(TimeSpan timeout)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => ConnectionSettings.Default.WithConnectTimeout(timeout));

        Assert.Equal(nameof(ConnectionSettings.ConnectTimeout), e.ParamName);
        Assert.Contains("longer than zero", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(NonPositiveTimeouts))]
    public void Non_positive_request_timeout_is_rejected(TimeSpan timeout)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => ConnectionSettings.Default.WithRequestTimeout(timeout));

        Assert.Equal(nameof(ConnectionSettings.RequestTimeout), e.ParamName);
        Assert.Contains("longer than zero", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(int.MinValue)]
    public void Max_in_flight_below_one_is_rejected(int count)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ConnectionSettings.Default.WithMaxInFlightRequests(count));
    }

    [Fact]
    public void Socket_buffer_sizes_copy_and_leave_the_original_unchanged()
    {
        var original = new ConnectionSettings();

        var changed = original.WithReceiveBufferBytes(4 * 1024 * 1024).WithSendBufferBytes(1024);

        Assert.Equal(4 * 1024 * 1024, changed.ReceiveBufferBytes);
        Assert.Equal(1024, changed.SendBufferBytes);
        Assert.Equal(0, original.ReceiveBufferBytes);
        Assert.Equal(0, changed.WithReceiveBufferBytes(0).ReceiveBufferBytes);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(1023)]
    [InlineData(-1)]
    [InlineData(int.MinValue)]
    public void A_socket_buffer_between_zero_and_one_KiB_or_negative_is_rejected(int bytes)
    {
        var receive = Assert.Throws<ArgumentOutOfRangeException>(() => ConnectionSettings.Default.WithReceiveBufferBytes(bytes));
        var send = Assert.Throws<ArgumentOutOfRangeException>(() => ConnectionSettings.Default.WithSendBufferBytes(bytes));

        Assert.Equal(nameof(ConnectionSettings.ReceiveBufferBytes), receive.ParamName);
        Assert.Equal(nameof(ConnectionSettings.SendBufferBytes), send.ParamName);
        Assert.Contains("0 (the system's) or 1024 or more", receive.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(short.MinValue)]
    public void Negative_version_cap_is_rejected(int version)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ConnectionSettings.Default.WithMaxVersion(ApiKey.Metadata, (short)version));
    }

    // An object initializer or a `with` expression goes through the same checks as the WithX methods.
    [Fact]
    public void Invalid_values_set_through_init_accessors_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ConnectionSettings { MaxInFlightRequests = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new ConnectionSettings { ConnectTimeout = TimeSpan.Zero });
        Assert.Throws<ArgumentOutOfRangeException>(() => ConnectionSettings.Default with { RequestTimeout = TimeSpan.FromSeconds(-1) });
        Assert.Throws<ArgumentOutOfRangeException>(() => new ConnectionSettings { MaxResponseSize = 0 });
    }

    [Fact]
    public void A_version_cap_of_zero_is_allowed()
    {
        Assert.Equal(0, ConnectionSettings.Default.WithMaxVersion(ApiKey.Metadata, 0).MaxVersions[ApiKey.Metadata]);
    }
}
