using System.Reflection;
using System.Text.RegularExpressions;
using Fleet.Server.Hosting;
using Fleet.Server.Infrastructure.Commands;
using Fleet.Testing;
using FluentAssertions;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;
using Xunit;

namespace Fleet.Server.Tests.Infrastructure;

/// <summary>
/// The browser is the whole product for the people who use Fleet: every command the API takes has a page that sends it,
/// open to a role the endpoint lets send it. The API's other doors that change something are listed with the reason
/// they need no page of their own.
/// </summary>
public partial class CommandCoverageTests
{
    /// <summary>Endpoints that change something without being a command, and where a person does the same instead.</summary>
    private static readonly Dictionary<string, string> NotCommands = new()
    {
        ["/api/auth/sign-in"] = "the sign-in page signs in through the same PasswordSignIn",
        ["/api/auth/token"] = "bearer tokens are for programs (the exchange feed, integrations), not for people",
        ["/api/auth/sign-out"] = "the page header's sign-out button ends the page's own cookie session",
        ["/api/audit/verify"] = "the integrity page checks an uploaded digest file through the same VerifyAuditChainAgainstDigests query",
    };

    private static readonly Assembly Server = typeof(FleetHost).Assembly;

    [Fact]
    public void Every_command_the_API_takes_is_sent_from_a_page_a_role_allowed_to_send_it_can_open()
    {
        var pages = Directory.EnumerateFiles(Path.Combine(TestRepository.Root, "src", "Fleet.Server", "Web"), "*.cs", SearchOption.AllDirectories)
            .Select(path => (Path: Path.GetRelativePath(TestRepository.Root, path), Text: File.ReadAllText(path)))
            .ToList();

        var gaps = new List<string>();
        foreach (var endpoint in WriteEndpoints())
        {
            var command = Commands.SingleOrDefault(c => c.Name + "Endpoint" == endpoint.Method.DeclaringType!.Name);
            if (command is null)
            {
                if (!NotCommands.ContainsKey(endpoint.Route)) gaps.Add($"{endpoint.Route} sends no command and is not listed with a reason");
                continue;
            }

            var senders = pages.Where(p => Regex.IsMatch(p.Text, $@"\bnew\s+{command.Name}\s*\(")).ToList();
            if (senders.Count == 0)
            {
                gaps.Add($"{command.Name} ({endpoint.Route}) has no page");
                continue;
            }

            var allowed = Roles(endpoint.Method.GetCustomAttribute<AuthorizeAttribute>()?.Roles);
            if (allowed.Count > 0 && !senders.Any(p => PageRoles(p.Text) is var roles && (roles.Count == 0 || roles.Overlaps(allowed))))
                gaps.Add($"{command.Name} is sent only from pages ({string.Join(", ", senders.Select(s => s.Path))}) that none of {string.Join("/", allowed)} may open");
        }

        gaps.Should().BeEmpty();
    }

    [Fact]
    public void Each_command_has_exactly_one_endpoint_and_the_listed_exceptions_exist()
    {
        var endpoints = WriteEndpoints().ToList();
        Commands.Should().OnlyContain(c => endpoints.Count(e => e.Method.DeclaringType!.Name == c.Name + "Endpoint") == 1,
            "each command is one file holding the record, its handler and its endpoint (ADR 013)");
        NotCommands.Keys.Should().BeSubsetOf(endpoints.Select(e => e.Route), "an exception names an endpoint that is still there");
        Commands.Should().HaveCountGreaterThan(40, "the commands are found");
    }

    private static IReadOnlyList<Type> Commands { get; } = Server.GetTypes()
        .Where(t => !t.IsAbstract && t.BaseType is { IsGenericType: true } b && b.GetGenericTypeDefinition() == typeof(Command<>))
        .ToList();

    private static IEnumerable<(string Route, MethodInfo Method)> WriteEndpoints() =>
        from type in Server.GetTypes()
        from method in type.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly)
        from attribute in method.GetCustomAttributes<WolverineHttpMethodAttribute>()
        where attribute is WolverinePostAttribute or WolverinePutAttribute or WolverineDeleteAttribute or WolverinePatchAttribute
        select (attribute.Template, method);

    private static HashSet<string> Roles(string? roles) =>
        (roles ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet();

    /// <summary>The roles a page model admits, as its <c>[Authorize(Roles = …)]</c> names them; none named means any signed-in person.</summary>
    private static HashSet<string> PageRoles(string source) =>
        AuthorizeLine().Matches(source).SelectMany(m => RoleName().Matches(m.Value).Select(r => r.Groups[1].Value)).ToHashSet();

    [GeneratedRegex(@"\[Authorize\(Roles\s*=.*\]")]
    private static partial Regex AuthorizeLine();

    [GeneratedRegex(@"Role\.(\w+)")]
    private static partial Regex RoleName();
}
