using Fleet.Server.Infrastructure;
using Fleet.Server.Infrastructure.Database;
using JasperFx;

var builder = WebApplication.CreateBuilder(args);
if (FleetDatabase.MissingPrerequisite(builder.Configuration) is { } missing)
{
    Console.Error.WriteLine(missing);
    return 1;
}

builder.AddFleet();

var app = builder.Build();
app.UseFleet();

return await app.RunJasperFxCommands(args);

/// <summary>The entry point, visible to the HTTP tests' host.</summary>
public partial class Program;
