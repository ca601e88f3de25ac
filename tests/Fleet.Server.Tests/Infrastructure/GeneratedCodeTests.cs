using Fleet.Testing;
using FluentAssertions;
using JasperFx.CodeGeneration.Model;
using JasperFx.CodeGeneration;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Fleet.Server.Tests.Infrastructure;

/// <summary>
/// The server loads Wolverine's adapters from the code committed in Internal/Generated (TypeLoadMode.Auto).
/// If an endpoint, handler or policy changed without regenerating, the server would run stale code; this
/// test catches that and says how to fix it.
/// </summary>
public class GeneratedCodeTests(FleetApp app) : IClassFixture<FleetApp>
{
    [Fact]
    public void The_committed_generated_code_matches_what_the_current_configuration_generates()
    {
        var committed = Path.Combine(TestRepository.Root, "src", "Fleet.Server", "Internal", "Generated");
        var fresh = Directory.CreateTempSubdirectory("fleet-codegen-").FullName;
        try
        {
            var collections = app.Host.Services.GetServices<ICodeFileCollection>().ToArray();
            foreach (var collection in collections) collection.Rules.GeneratedCodeOutputPath = fresh;
            var builder = new DynamicCodeBuilder(app.Host.Services, collections)
            {
                ServiceVariableSource = app.Host.Services.GetService<IServiceVariableSource>(),
            };

            builder.WriteGeneratedCode(_ => { });

            var differences = Files(committed).Keys.Union(Files(fresh).Keys)
                .Where(name => Files(committed).GetValueOrDefault(name) != Files(fresh).GetValueOrDefault(name))
                .Order()
                .ToList();
            differences.Should().BeEmpty(
                "the generated code must be refreshed with `dotnet run --project src/Fleet.Server -- codegen write` after endpoints, handlers or policies change");
        }
        finally
        {
            Directory.Delete(fresh, recursive: true);
        }
    }

    private static Dictionary<string, string> Files(string root) =>
        Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(root, f), f => Normalize(File.ReadAllText(f)));

    private static string Normalize(string code) => code.ReplaceLineEndings("\n").Trim();

}
