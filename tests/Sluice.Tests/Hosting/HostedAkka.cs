using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Sluice.Tests.Hosting;

/// <summary>
/// An Akka.Hosting actor system started as a generic host starts it: services with <c>AddAkka</c>, then every
/// hosted service started, and stopped again on dispose. (Akka.Hosting.TestKit 1.5.74 is built on xunit v3, which
/// cannot share this xunit v2 project.)
/// </summary>
internal sealed class HostedAkka : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly IReadOnlyList<IHostedService> _hosted;

    private HostedAkka(ServiceProvider services, IReadOnlyList<IHostedService> hosted)
    {
        _services = services;
        _hosted = hosted;
    }

    public IServiceProvider Services => _services;

    public ActorRegistry Registry => _services.GetRequiredService<ActorRegistry>();

    public ActorSystem System => _services.GetRequiredService<ActorSystem>();

    public static async Task<HostedAkka> StartAsync(Action<AkkaConfigurationBuilder> configure)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IHostApplicationLifetime, Lifetime>();
        services.AddAkka("hosting-test", (builder, _) => configure(builder));
        var provider = services.BuildServiceProvider();
        var hosted = provider.GetServices<IHostedService>().ToList();
        try
        {
            foreach (var service in hosted)
                await service.StartAsync(CancellationToken.None);
        }
        catch
        {
            await provider.DisposeAsync();
            throw;
        }

        return new HostedAkka(provider, hosted);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var service in _hosted.Reverse())
            await service.StopAsync(CancellationToken.None);
        await _services.DisposeAsync();
    }

    /// <summary>The host's lifetime, which Akka.Hosting asks to stop the application when the actor system terminates.</summary>
    private sealed class Lifetime : IHostApplicationLifetime
    {
        private readonly CancellationTokenSource _stopping = new();

        public CancellationToken ApplicationStarted => CancellationToken.None;

        public CancellationToken ApplicationStopping => _stopping.Token;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication() => _stopping.Cancel();
    }
}
