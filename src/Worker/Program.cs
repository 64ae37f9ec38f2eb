using AutoPipe.Core.Input;
using AutoPipe.Worker.Hosting;
using Microsoft.Extensions.Hosting;

try
{
    using var host = WorkerHost.Build(args);
    await host.RunAsync().ConfigureAwait(false);
    return 0;
}
catch (InputException e)
{
    foreach (var problem in e.Problems)
    {
        await Console.Error.WriteLineAsync($"autopipe-worker: {problem}").ConfigureAwait(false);
    }

    return 2;
}
