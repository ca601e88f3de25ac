using System.Text.RegularExpressions;
using Fleet.Samples.DemoHost;
using Fleet.Domain.People;
using Fleet.Samples.DemoCity;
using Fleet.Testing;
using FluentAssertions;
using NodaTime;
using Xunit;

namespace Fleet.Server.Tests.Demo;

/// <summary>The demo accounts README.md promises a newcomer are the ones the demo city has, and no others are promised.</summary>
public sealed partial class DemoAccountsReadmeTests
{
    private static readonly Lazy<IReadOnlySet<string>> CityAccounts = new(() =>
    {
        var generator = new DemoCityGenerator(DemoCitySize.City, 2026, FleetApp.Start, DateTimeZoneProviders.Tzdb["Asia/Shanghai"]);
        // Every account exists once the pools are equipped, before the first trip is requested.
        _ = generator.Generate().TakeWhile(e => e.Data is not Fleet.Domain.Trips.TripRequested).Count();
        return generator.Accounts.Select(a => a.LoginName).ToHashSet();
    });

    private static string AccountsSection()
    {
        var readme = File.ReadAllText(TestRepository.PathOf("README.md"));
        var from = readme.IndexOf("Every demo account has the password", StringComparison.Ordinal);
        var to = readme.IndexOf("Demo mode is off", from, StringComparison.Ordinal);
        return readme[from..to];
    }

    [Fact]
    public void Every_account_the_readme_names_signs_in_to_the_demo_city()
    {
        var named = LoginName().Matches(AccountsSection()).Select(m => m.Groups["login"].Value).Distinct().ToList();

        named.Should().Contain(["city.supervisor", "ja0002.clerk", "ja0001.approver2", "wuchang.d017"]);
        named.Where(login => !CityAccounts.Value.Contains(login)).Should().BeEmpty();
    }

    [Fact]
    public void Every_pool_has_an_account_for_every_role_and_every_unit_its_clerk_head_and_deputy_as_the_readme_says()
    {
        var accounts = CityAccounts.Value;
        var pools = new[] { WCity.City }.Concat(WCity.Districts).ToList();
        foreach (var pool in pools)
        foreach (var role in Enum.GetValues<Role>())
            accounts.Should().Contain(DemoCityGenerator.Login(pool.Prefix, role));
        foreach (var pool in pools) accounts.Should().Contain(DemoCityGenerator.OfficeLogin(pool.Prefix));

        var deputies = accounts.Where(a => a.EndsWith(".approver2", StringComparison.Ordinal)).Select(a => a[..a.IndexOf('.')]).ToList();
        deputies.Should().HaveCount(60, "W市 has 60 units");
        foreach (var unit in deputies)
        {
            var first = unit.EndsWith("0001", StringComparison.Ordinal) || unit == "city01";
            accounts.Contains($"{unit}.clerk").Should().Be(!first, unit);
            accounts.Contains($"{unit}.approver").Should().Be(!first, unit);
        }
    }

    [GeneratedRegex(@"`(?<login>[a-z]+[0-9]*\.[a-z]+[0-9]*)`")]
    private static partial Regex LoginName();
}
