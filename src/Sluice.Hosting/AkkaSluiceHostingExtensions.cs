using Akka.Actor;
using Akka.Hosting;
using Sluice.Group;
using Sluice.Group.Assignors;
using Sluice.Settings;

namespace Sluice.Hosting;

/// <summary>Registers Sluice consumers and committer settings with an Akka.Hosting actor system.</summary>
public static class AkkaSluiceHostingExtensions
{
    /// <summary>
    /// Registers the consumer <paramref name="name"/> reading <paramref name="topics"/> in the group
    /// <paramref name="groupId"/>; every other setting comes from <c>sluice.consumer</c> or the defaults.
    /// </summary>
    /// <param name="builder">The actor system's configuration builder.</param>
    /// <param name="name">The consumer's name: ASCII letters, digits, '-' and '_'.</param>
    /// <param name="bootstrapServers">Comma-separated <c>host:port</c> list of brokers to start from.</param>
    /// <param name="groupId">The consumer group.</param>
    /// <param name="topics">The topics to subscribe to; none keeps the topics of <c>sluice.consumer</c>.</param>
    /// <returns>The same builder.</returns>
    public static AkkaConfigurationBuilder WithSluiceConsumer<TKey>(
        this AkkaConfigurationBuilder builder,
        string name,
        string bootstrapServers,
        string groupId,
        params string[] topics)
        => builder.WithSluiceConsumer<TKey>(name, new SluiceConsumerOptions
        {
            BootstrapServers = bootstrapServers,
            GroupId = groupId,
            Topics = topics is { Length: > 0 } ? topics : null,
        });

    /// <summary>Registers the consumer <paramref name="name"/> with the options <paramref name="configure"/> sets.</summary>
    /// <param name="builder">The actor system's configuration builder.</param>
    /// <param name="name">The consumer's name: ASCII letters, digits, '-' and '_'.</param>
    /// <param name="configure">Sets the options that differ from <c>sluice.consumer</c> and the defaults.</param>
    /// <returns>The same builder.</returns>
    public static AkkaConfigurationBuilder WithSluiceConsumer<TKey>(
        this AkkaConfigurationBuilder builder,
        string name,
        Action<SluiceConsumerOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var options = new SluiceConsumerOptions();
        configure(options);
        return builder.WithSluiceConsumer<TKey>(name, options);
    }

    /// <summary>
    /// Registers the consumer <paramref name="name"/>: writes the set <paramref name="options"/> under
    /// <c>sluice.consumers.&lt;name&gt;</c> (ahead of the rest of the configuration), adds Sluice's reference
    /// configuration behind it, and when the actor system starts, starts a <see cref="SluiceConsumerRegistration"/>
    /// registered under <typeparamref name="TKey"/> in the <see cref="ActorRegistry"/>.
    /// </summary>
    /// <param name="builder">The actor system's configuration builder.</param>
    /// <param name="name">The consumer's name: ASCII letters, digits, '-' and '_'.</param>
    /// <param name="options">The options that differ from <c>sluice.consumer</c> and the defaults.</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not a valid consumer name.</exception>
    /// <exception cref="SettingsException">An option is invalid; the message names its key under <c>sluice.consumers.&lt;name&gt;</c>.</exception>
    public static AkkaConfigurationBuilder WithSluiceConsumer<TKey>(
        this AkkaConfigurationBuilder builder,
        string name,
        SluiceConsumerOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        var config = options.ToConfig(name);
        ConsumerSettings.Create(config, name);

        builder.AddHocon(config, HoconAddMode.Prepend);
        builder.AddHocon(ConsumerSettings.Reference, HoconAddMode.Append);
        return builder.WithActors((system, registry, _) =>
        {
            var registration = SluiceConsumerRegistration.Props(name, ConsumerSettings.Create(system, name), CommitterSettings.Create(system));
            registry.Register<TKey>(system.ActorOf(registration, $"sluice-consumer-{name}"));
        });
    }

    /// <summary>Sets the committer options <paramref name="configure"/> sets; see <see cref="WithSluiceCommitter(AkkaConfigurationBuilder, SluiceCommitterOptions)"/>.</summary>
    /// <param name="builder">The actor system's configuration builder.</param>
    /// <param name="configure">Sets the options that differ from the defaults.</param>
    /// <returns>The same builder.</returns>
    public static AkkaConfigurationBuilder WithSluiceCommitter(this AkkaConfigurationBuilder builder, Action<SluiceCommitterOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var options = new SluiceCommitterOptions();
        configure(options);
        return builder.WithSluiceCommitter(options);
    }

    /// <summary>
    /// Writes the set <paramref name="options"/> under <c>sluice.committer</c> (ahead of the rest of the configuration)
    /// and adds Sluice's reference configuration behind it. Every registered consumer's
    /// <see cref="SluiceConsumerRegistration.Settings.Committer"/> is read from there.
    /// </summary>
    /// <param name="builder">The actor system's configuration builder.</param>
    /// <param name="options">The options that differ from the defaults.</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="SettingsException">An option is invalid; the message names its key under <c>sluice.committer</c>.</exception>
    public static AkkaConfigurationBuilder WithSluiceCommitter(this AkkaConfigurationBuilder builder, SluiceCommitterOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        var config = options.ToConfig();
        CommitterSettings.Create(config);

        builder.AddHocon(config, HoconAddMode.Prepend);
        builder.AddHocon(ConsumerSettings.Reference, HoconAddMode.Append);
        return builder;
    }

    /// <summary>
    /// Offers <paramref name="assignor"/> by its name to every group member of the actor system, stream sources
    /// included (see <see cref="PartitionAssignors"/>): list the name in a consumer's <c>assignment-strategies</c>.
    /// It is registered as the actor system starts, before the actors and startup tasks registered after this call.
    /// </summary>
    /// <param name="builder">The actor system's configuration builder.</param>
    /// <param name="assignor">The assignment strategy; one of a built-in name replaces the built-in one.</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="ArgumentException">The assignor's name is blank.</exception>
    public static AkkaConfigurationBuilder WithSluiceAssignor(this AkkaConfigurationBuilder builder, IPartitionAssignor assignor)
    {
        ArgumentNullException.ThrowIfNull(builder);
        PartitionAssignors.RequireName(assignor);
        return builder.WithActors((system, _, _) => PartitionAssignors.For(system).Register(assignor));
    }

    /// <summary>The settings of the consumer registered under <typeparamref name="TKey"/>, once it is registered.</summary>
    /// <param name="registry">The actor system's registry.</param>
    /// <param name="cancellationToken">Stops waiting for the registration or its answer.</param>
    public static async Task<SluiceConsumerRegistration.Settings> GetSluiceConsumerAsync<TKey>(
        this IReadOnlyActorRegistry registry,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var registration = await registry.GetAsync<TKey>(cancellationToken).ConfigureAwait(false);
        return await registration.Ask<SluiceConsumerRegistration.Settings>(SluiceConsumerRegistration.GetSettings.Instance, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The settings of the consumer registered under <typeparamref name="TKey"/>, once it is registered.</summary>
    /// <param name="consumer">The consumer's registration, as injected.</param>
    /// <param name="cancellationToken">Stops waiting for the registration or its answer.</param>
    public static async Task<SluiceConsumerRegistration.Settings> GetSluiceConsumerAsync<TKey>(
        this IRequiredActor<TKey> consumer,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(consumer);
        var registration = await consumer.GetAsync(cancellationToken).ConfigureAwait(false);
        return await registration.Ask<SluiceConsumerRegistration.Settings>(SluiceConsumerRegistration.GetSettings.Instance, cancellationToken).ConfigureAwait(false);
    }
}
