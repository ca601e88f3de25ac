using Fleet.Testing;

namespace Fleet.Browser.Tests;

/// <summary>
/// The browser tests' server for a province of three cities (ADR 025) — Wuhan's database reached through a link a test can
/// cut — set up as <c>setup-city</c> and <c>setup-province</c> would, with one trip of October in Xiangyang.
/// </summary>
public sealed class ProvinceBrowserFleet : ChromiumFleet
{
    private string _province = "", _wuhan = "", _xiangyangAndXiantao = "";

    public CuttableLink WuhanLink { get; private set; } = null!;

    protected override string Password => ProvinceFleet.Password;

    public override async Task InitializeAsync()
    {
        (_province, _wuhan, _xiangyangAndXiantao) =
            (TestPostgres.CreateDatabase("province"), TestPostgres.CreateDatabase("wuhan"), TestPostgres.CreateDatabase("xiangyangxiantao"));
        (WuhanLink, var wuhanServed) = CuttableLink.ToDatabase(_wuhan);
        var settings = ProvinceFleet.CitySettings(wuhanServed, _xiangyangAndXiantao);
        settings["ConnectionStrings:Fleet"] = _province;
        settings["Fleet:Demo:Enabled"] = "false";
        await StartAsync(settings);
        await ProvinceFleet.SetUpCitiesAsync(Services);
        await ProvinceFleet.RecordTripOfOctoberAsync(Store, ProvinceFleet.Xiangyang, "鄂F·P0001");
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await WuhanLink.DisposeAsync();
        foreach (var database in new[] { _province, _wuhan, _xiangyangAndXiantao }) TestPostgres.DropDatabase(database);
    }
}
