using Akka.Actor;
using Sluice.Settings;

namespace Sluice.Hosting;

/// <summary>
/// The actor <see cref="AkkaSluiceHostingExtensions.WithSluiceConsumer{TKey}(Akka.Hosting.AkkaConfigurationBuilder, string, SluiceConsumerOptions)"/>
/// starts for a named consumer and registers under its key: it holds the consumer's settings, read from the actor
/// system's configuration, and the system's committer settings, and answers <see cref="GetSettings"/> with them.
/// </summary>
public sealed class SluiceConsumerRegistration : UntypedActor
{
    private readonly Settings _settings;

    /// <summary>Creates the registration of the consumer <paramref name="name"/>.</summary>
    public SluiceConsumerRegistration(string name, ConsumerSettings consumer, CommitterSettings committer) =>
        _settings = new Settings(name, consumer, committer);

    internal static Props Props(string name, ConsumerSettings consumer, CommitterSettings committer) =>
        LocalProps.Of(() => new SluiceConsumerRegistration(name, consumer, committer));

    /// <inheritdoc/>
    protected override void OnReceive(object message)
    {
        if (message is GetSettings)
            Sender.Tell(_settings);
        else
            Unhandled(message);
    }

    /// <summary>Asks the registration for its <see cref="Settings"/>.</summary>
    public sealed class GetSettings
    {
        private GetSettings()
        {
        }

        /// <summary>The message.</summary>
        public static GetSettings Instance { get; } = new();
    }

    /// <summary>The answer to <see cref="GetSettings"/>: the consumer's name and the settings to build its streams with.</summary>
    /// <param name="Name">The name the consumer was registered with (its HOCON block is <c>sluice.consumers.&lt;name&gt;</c>).</param>
    /// <param name="Consumer">The consumer's settings.</param>
    /// <param name="Committer">The actor system's committer settings.</param>
    public sealed record Settings(string Name, ConsumerSettings Consumer, CommitterSettings Committer);
}
