using Alba;
using Fleet.Domain.People;
using Fleet.Server.Web.Pages.Trips;
using Fleet.Testing;
using FluentAssertions;
using Microsoft.Extensions.Configuration;
using Xunit;

namespace Fleet.Server.Tests.Exports;

/// <summary>
/// Behind a proxy, the request names the proxy's inner address: the printed dispatch order's code must open the trip at
/// the address people reach, which the server is told.
/// </summary>
public sealed class PublicAddressTests(PublicAddressTests.BehindAProxy app) : IClassFixture<PublicAddressTests.BehindAProxy>
{
    public sealed class BehindAProxy : FleetApp
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            [DispatchOrderCode.PublicAddressSetting] = "https://fleet.wuhan.example/motor-pool/",
        };
    }

    [Fact]
    public async Task The_dispatch_orders_code_opens_the_trip_at_the_configured_public_address()
    {
        var car = await app.RoadworthyVehicleAsync(FleetApp.Jiangan, "鄂A·P0001");
        var driver = await app.DriverAsync(FleetApp.Jiangan, "钱师傅");
        var trip = await app.DispatchedTripAsync(FleetApp.Jiangan, car, driver, new TripBuilder().For("到市里报送材料"));

        var page = await app.ScenarioAs(FleetApp.Jiangan, Role.Dispatcher, s =>
        {
            s.Get.Url($"/trips/{trip.Id}/order");
            s.StatusCodeShouldBeOk();
        });

        (await page.ReadAsTextAsync()).Should().Contain($"data-payload=\"https://fleet.wuhan.example/motor-pool/trips/{trip.Id}\"");
    }

    [Theory]
    [InlineData("fleet.wuhan.example")]
    [InlineData("ftp://fleet.wuhan.example/")]
    [InlineData("/motor-pool/")]
    public void A_public_address_that_is_not_an_absolute_web_address_is_refused_at_start(string address)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [DispatchOrderCode.PublicAddressSetting] = address }).Build();

        var reading = () => DispatchOrderCode.PublicAddress(configuration);

        reading.Should().Throw<InvalidOperationException>().WithMessage("*Fleet:PublicAddress*absolute http or https*");
    }
}
