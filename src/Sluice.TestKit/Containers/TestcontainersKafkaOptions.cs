namespace Sluice.TestKit.Containers;

/// <summary>How to start a current Apache Kafka in Docker. Immutable; change it with the <c>WithX</c> copies.</summary>
public sealed record TestcontainersKafkaOptions
{
    /// <summary>The defaults: the apache/kafka image in KRaft mode.</summary>
    public static TestcontainersKafkaOptions Default { get; } = new();

    /// <summary>The Docker image to run.</summary>
    public string Image { get; init; } = "apache/kafka:4.1.0";

    /// <summary>How long pulling and starting may take.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>Returns a copy that runs another image.</summary>
    public TestcontainersKafkaOptions WithImage(string image) => this with { Image = image };

    /// <summary>Returns a copy with another start timeout.</summary>
    public TestcontainersKafkaOptions WithStartTimeout(TimeSpan timeout) => this with { StartTimeout = timeout };
}
