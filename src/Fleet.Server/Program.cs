using Fleet.Server.Hosting;
using Fleet.Server.Infrastructure.Database;

// Settings are read once, at start: watching them for changes would have the host walk the whole content root to watch
// every directory under it (half a second in a source checkout, with its bin, obj and node_modules).
var builder = WebApplication.CreateBuilder(["--hostBuilder:reloadConfigOnChange=false", .. args]);
// A rebuild reads the store from its start: each of its statements is planned for the range it reads (FleetDatabase).
if (args is ["projections", ..]) builder.Configuration[FleetDatabase.PlanEachStatement] ??= "true";
if (FleetDatabase.MissingPrerequisite(builder.Configuration) is { } missing)
{
    Console.Error.WriteLine(missing);
    return 1;
}

builder.AddFleet();

var app = builder.Build();
app.UseFleet();
return await app.RunFleetAsync(args);

/// <summary>The entry point, visible to the HTTP tests' host.</summary>
public partial class Program;
