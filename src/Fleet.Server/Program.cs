using Fleet.Server.Infrastructure;
using JasperFx;

var builder = WebApplication.CreateBuilder(args);
builder.AddFleet();

var app = builder.Build();
app.UseFleet();

return await app.RunJasperFxCommands(args);

/// <summary>The entry point, visible to the HTTP tests' host.</summary>
public partial class Program;
