# AutoPipe worker image (compute role by default). Build from the repository root:
#   docker build -t autopipe-worker .
# For Quantum ESPRESSO calculators, derive an image that adds pw.x (and MPI) on top of the runtime stage.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Build.targets Directory.Packages.props .editorconfig ./
COPY src/BannedSymbols.Workflows.txt src/
COPY src/Core/AutoPipe.Core.csproj src/Core/
COPY src/Worker/AutoPipe.Worker.csproj src/Worker/
RUN dotnet restore src/Worker/AutoPipe.Worker.csproj
COPY src/Core/ src/Core/
COPY src/Worker/ src/Worker/
RUN dotnet publish src/Worker/AutoPipe.Worker.csproj -c Release --no-restore -o /app

# ASP.NET Core's runtime: the worker runs on its shared framework (the generic host's assemblies come from it).
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
COPY deploy/calculators.json /etc/autopipe/calculators.json
ENV AUTOPIPE_CALCULATORS=/etc/autopipe/calculators.json \
    AUTOPIPE_SCRATCH=/scratch \
    TEMPORAL_ADDRESS=temporal:7233 \
    TEMPORAL_NAMESPACE=default \
    DOTNET_gcServer=0
RUN mkdir -p /scratch && chown "$APP_UID" /scratch
USER $APP_UID
# The generic host turns SIGTERM into a graceful stop: in-flight calculations are cancelled and retried elsewhere.
STOPSIGNAL SIGTERM
ENTRYPOINT ["dotnet", "autopipe-worker.dll"]
