using Sluice.Network;
using Xunit;

namespace Sluice.Tests.Network;

public sealed class BrokerEndpointTests
{
    [Theory]
    [InlineData("localhost:9092", "localhost", 9092)]
    [InlineData("kafka-1.example.com:19092", "kafka-1.example.com", 19092)]
    [InlineData("10.0.0.7:1", "10.0.0.7", 1)]
    [InlineData("b:65535", "b", 65535)]
    [InlineData("  broker:9092  ", "broker", 9092)]
    [InlineData("\tbroker:9092\n", "broker", 9092)]
    public void Parse_reads_host_and_port(string text, string host, int port)
    {
        Assert.Equal(new BrokerEndpoint(host, port), BrokerEndpoint.Parse(text));
    }

    [Theory]
    [InlineData("[::1]:9092", "::1", 9092)]
    [InlineData("[fe80::1:2]:29092", "fe80::1:2", 29092)]
    [InlineData(" [2001:db8::17]:9093 ", "2001:db8::17", 9093)]
    public void Parse_reads_an_ipv6_host_in_brackets(string text, string host, int port)
    {
        Assert.Equal(new BrokerEndpoint(host, port), BrokerEndpoint.Parse(text));
    }

    [Theory]
    [InlineData("broker:0")]
    [InlineData("broker:65536")]
    [InlineData("broker:99999999999")]
    [InlineData("broker:-1")]
    [InlineData("broker:+9092")]
    [InlineData("broker:90a2")]
    [InlineData("broker:abc")]
    [InlineData("broker: 9092")]
    [InlineData("[::1]:http")]
    public void Parse_rejects_an_invalid_port_with_a_message_naming_the_input(string text)
    {
        var e = Assert.Throws<FormatException>(() => BrokerEndpoint.Parse(text));

        Assert.Contains(text, e.Message, StringComparison.Ordinal);
        Assert.Contains("port", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("broker")]
    [InlineData("broker:")]
    [InlineData(":9092")]
    [InlineData("")]
    [InlineData("   ")]
    public void Parse_rejects_a_missing_host_or_port_with_a_message_naming_the_input(string text)
    {
        var e = Assert.Throws<FormatException>(() => BrokerEndpoint.Parse(text));

        Assert.Contains($"'{text}'", e.Message, StringComparison.Ordinal);
        Assert.Contains("host:port", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_rejects_empty_brackets_as_the_host()
    {
        Assert.Throws<FormatException>(() => BrokerEndpoint.Parse("[]:9092"));
    }

    [Theory]
    [InlineData("::1")]
    [InlineData("fe80::1")]
    [InlineData("2001:db8::17")]
    public void Parse_rejects_an_unbracketed_ipv6_address_without_a_port(string text)
    {
        Assert.Throws<FormatException>(() => BrokerEndpoint.Parse(text));
    }

    [Fact]
    public void Parse_rejects_null()
    {
        Assert.Throws<ArgumentNullException>(() => BrokerEndpoint.Parse(null!));
        Assert.Throws<ArgumentNullException>(() => BrokerEndpoint.ParseList(null!));
    }

    [Fact]
    public void ParseList_reads_a_comma_separated_list_in_order_ignoring_whitespace_and_empty_entries()
    {
        var endpoints = BrokerEndpoint.ParseList(" a:9092 , [::1]:9093,,b:9094 ,");

        Assert.Equal([new BrokerEndpoint("a", 9092), new BrokerEndpoint("::1", 9093), new BrokerEndpoint("b", 9094)], endpoints);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData(",")]
    [InlineData(" , ,, ")]
    public void ParseList_of_nothing_is_a_FormatException(string text)
    {
        var e = Assert.Throws<FormatException>(() => BrokerEndpoint.ParseList(text));

        Assert.Contains("empty", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseList_reports_the_bad_entry()
    {
        var e = Assert.Throws<FormatException>(() => BrokerEndpoint.ParseList("a:9092,b:nope"));

        Assert.Contains("b:nope", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("localhost", 9092, "localhost:9092")]
    [InlineData("::1", 9092, "[::1]:9092")]
    [InlineData("2001:db8::17", 1, "[2001:db8::17]:1")]
    public void ToString_writes_host_port_with_ipv6_in_brackets(string host, int port, string expected)
    {
        Assert.Equal(expected, new BrokerEndpoint(host, port).ToString());
    }

    [Theory]
    [InlineData("localhost:9092")]
    [InlineData("kafka-1.example.com:19092")]
    [InlineData("[::1]:9092")]
    [InlineData("[fe80::1:2]:65535")]
    public void ToString_round_trips_through_Parse(string text)
    {
        var endpoint = BrokerEndpoint.Parse(text);

        Assert.Equal(text, endpoint.ToString());
        Assert.Equal(endpoint, BrokerEndpoint.Parse(endpoint.ToString()));
    }

    [Fact]
    public void Endpoints_compare_by_value()
    {
        Assert.Equal(BrokerEndpoint.Parse("a:1"), new BrokerEndpoint("a", 1));
        Assert.NotEqual(new BrokerEndpoint("a", 1), new BrokerEndpoint("a", 2));
        Assert.Equal(new BrokerEndpoint("a", 1).GetHashCode(), BrokerEndpoint.Parse(" a:1 ").GetHashCode());
    }
}
