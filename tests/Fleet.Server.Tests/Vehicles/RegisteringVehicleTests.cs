using System.Net;
using System.Text.Json;
using Alba;
using Fleet.Domain.People;
using Fleet.Domain.Vehicles;
using Fleet.Projections.VehicleRegistry;
using Fleet.Testing;
using FluentAssertions;
using Marten;
using Xunit;

namespace Fleet.Server.Tests.Vehicles;

public class RegisteringVehicleTests(FleetApp app) : IClassFixture<FleetApp>
{
    private static object Form(string plate, string? category = "GeneralOfficial", string? @class = "Sedan", object? seats = null,
        string? energyType = "Gasoline", string? homePool = "420102") =>
        new { plate, category, @class, seats = seats ?? 5, energyType, homePool };

    private static string UniquePlate() => TestPlates.Next('R');

    [Fact]
    public async Task A_registered_vehicle_can_be_read_back()
    {
        var result = await app.ScenarioAs(FleetApp.Jiangan, Role.FleetAdmin, s =>
        {
            s.Post.Json(new { plate = "鄂a d12345", category = "执法执勤用车", @class = "Mpv", seats = 7, energyType = "BatteryElectric", homePool = "420102" })
                .ToUrl("/api/vehicles");
            s.StatusCodeShouldBe(HttpStatusCode.Created);
        });
        var accepted = await result.ReadAsJsonAsync<JsonElement>();
        var id = accepted.GetProperty("vehicleId").GetGuid();
        accepted.GetProperty("plate").GetString().Should().Be("鄂A·D12345");
        result.Context.Response.Headers.Location.ToString().Should().Be($"/api/vehicles/{id}");

        var vehicle = await GetJson($"/api/vehicles/{id}");

        vehicle.GetProperty("id").GetGuid().Should().Be(id);
        vehicle.GetProperty("plate").GetString().Should().Be("鄂A·D12345");
        vehicle.GetProperty("plateKind").GetString().Should().Be("newEnergy");
        vehicle.GetProperty("category").GetString().Should().Be("lawEnforcement");
        vehicle.GetProperty("class").GetString().Should().Be("mpv");
        vehicle.GetProperty("seats").GetInt32().Should().Be(7);
        vehicle.GetProperty("energyType").GetString().Should().Be("batteryElectric");
        vehicle.GetProperty("homePool").GetString().Should().Be("420102");
        vehicle.GetProperty("registeredAt").GetString().Should().Be("2026-11-02T01:30:00Z");
    }

    [Fact]
    public async Task The_registration_is_one_event_in_a_new_vehicle_stream()
    {
        var plate = UniquePlate();
        var result = await app.ScenarioAs(FleetApp.Jiangan, Role.FleetAdmin, s =>
        {
            s.Post.Json(Form(plate)).ToUrl("/api/vehicles");
            s.StatusCodeShouldBe(HttpStatusCode.Created);
        });
        var id = (await result.ReadAsJsonAsync<JsonElement>()).GetProperty("vehicleId").GetGuid();

        await using var session = app.Store.QuerySession(FleetApp.JianganPool);
        var events = await session.Events.FetchStreamAsync(id);

        events.Should().ContainSingle();
        events[0].EventTypeName.Should().Be("vehicle_registered");
        events[0].Data.Should().BeOfType<VehicleRegistered>().Which.Plate.Should().Be(plate);
    }

    [Theory]
    [InlineData("鄂A·C7001", "鄂AC7001")]
    [InlineData("鄂A·C7002", " 鄂a·c7002 ")]
    [InlineData("鄂A·C7003", "鄂Ａ Ｃ７００３")]
    public async Task A_plate_registered_twice_is_a_conflict_whatever_its_spelling(string first, string second)
    {
        await app.ScenarioAs(FleetApp.Jiangan, Role.FleetAdmin, s =>
        {
            s.Post.Json(Form(first)).ToUrl("/api/vehicles");
            s.StatusCodeShouldBe(HttpStatusCode.Created);
        });

        var problem = await PostExpectingProblem(Form(second), HttpStatusCode.Conflict);

        problem.GetProperty("code").GetString().Should().Be("vehicle.plate_taken");
        problem.GetProperty("detail").GetString().Should().Contain("车牌");
        await using var session = app.Store.QuerySession(FleetApp.JianganPool);
        (await session.Query<VehicleSummary>().CountAsync(v => v.Plate == first)).Should().Be(1);
    }

    [Fact]
    public async Task Concurrent_registrations_of_one_plate_register_exactly_one_vehicle()
    {
        await app.BearerFor(FleetApp.Jiangan, Role.FleetAdmin);
        var plate = UniquePlate();
        var attempts = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            var result = await app.ScenarioAs(FleetApp.Jiangan, Role.FleetAdmin, s =>
            {
                s.Post.Json(Form(plate)).ToUrl("/api/vehicles");
                s.IgnoreStatusCode();
            });
            return result.Context.Response.StatusCode;
        }));

        var statuses = await Task.WhenAll(attempts);

        statuses.Should().ContainSingle(s => s == 201);
        statuses.Where(s => s != 201).Should().OnlyContain(s => s == 409);
        await using var session = app.Store.QuerySession(FleetApp.JianganPool);
        (await session.Query<VehicleSummary>().CountAsync(v => v.Plate == plate)).Should().Be(1);
        var streams = await session.Events.QueryRawEventDataOnly<VehicleRegistered>().Where(e => e.Plate == plate).CountAsync();
        streams.Should().Be(1, "a refused registration must leave no event behind");
    }

    public static TheoryData<string, string, string> InvalidFields => new()
    {
        { """{"category":"GeneralOfficial","class":"Sedan","seats":5,"energyType":"Gasoline","homePool":"420102"}""", "plate", "validation.required" },
        { """{"plate":"鄂A·I1234","category":"GeneralOfficial","class":"Sedan","seats":5,"energyType":"Gasoline","homePool":"420102"}""", "plate", "vehicle.plate_invalid" },
        { """{"plate":"<script>alert(1)</script>","category":"GeneralOfficial","class":"Sedan","seats":5,"energyType":"Gasoline","homePool":"420102"}""", "plate", "vehicle.plate_invalid" },
        { """{"plate":"鄂A·C5001","class":"Sedan","seats":5,"energyType":"Gasoline","homePool":"420102"}""", "category", "validation.required" },
        { """{"plate":"鄂A·C5001","category":"Limousine","class":"Sedan","seats":5,"energyType":"Gasoline","homePool":"420102"}""", "category", "vehicle.category_invalid" },
        { """{"plate":"鄂A·C5001","category":"GeneralOfficial","seats":5,"energyType":"Gasoline","homePool":"420102"}""", "class", "validation.required" },
        { """{"plate":"鄂A·C5001","category":"GeneralOfficial","class":"Tank","seats":5,"energyType":"Gasoline","homePool":"420102"}""", "class", "vehicle.class_invalid" },
        { """{"plate":"鄂A·C5001","category":"GeneralOfficial","class":"Sedan","energyType":"Gasoline","homePool":"420102"}""", "seats", "validation.required" },
        { """{"plate":"鄂A·C5001","category":"GeneralOfficial","class":"Sedan","seats":45,"energyType":"Gasoline","homePool":"420102"}""", "seats", "vehicle.seats_out_of_range" },
        { """{"plate":"鄂A·C5001","category":"GeneralOfficial","class":"Sedan","seats":"five","energyType":"Gasoline","homePool":"420102"}""", "seats", "request.invalid_field" },
        { """{"plate":"鄂A·C5001","category":"GeneralOfficial","class":"Sedan","seats":99999999999,"energyType":"Gasoline","homePool":"420102"}""", "seats", "request.invalid_field" },
        { """{"plate":"鄂A·C5001","category":"GeneralOfficial","class":"Sedan","seats":5,"homePool":"420102"}""", "energyType", "validation.required" },
        { """{"plate":"鄂A·C5001","category":"GeneralOfficial","class":"Sedan","seats":5,"energyType":"Steam","homePool":"420102"}""", "energyType", "vehicle.energy_type_invalid" },
        { """{"plate":12345,"category":"GeneralOfficial","class":"Sedan","seats":5,"energyType":"Gasoline","homePool":"420102"}""", "plate", "request.invalid_field" },
    };

    [Theory]
    [MemberData(nameof(InvalidFields))]
    public async Task Each_invalid_field_is_a_400_problem_naming_the_field(string body, string field, string code)
    {
        var problem = await PostRawExpectingProblem(body, "application/json", HttpStatusCode.BadRequest);

        var errors = problem.GetProperty("errors").EnumerateArray().ToList();
        errors.Should().ContainSingle();
        errors[0].GetProperty("field").GetString().Should().Be(field);
        errors[0].GetProperty("code").GetString().Should().Be(code);
        errors[0].GetProperty("message").GetString().Should().NotBeNullOrWhiteSpace();
        problem.GetProperty("code").GetString().Should().Be(code);
        await NothingWasStored();
    }

    [Fact]
    public async Task An_empty_form_reports_every_missing_field_at_once()
    {
        var problem = await PostRawExpectingProblem("{}", "application/json", HttpStatusCode.BadRequest);

        problem.GetProperty("code").GetString().Should().Be("validation.failed");
        problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString())
            .Should().BeEquivalentTo("plate", "category", "class", "seats", "energyType");
    }

    [Theory]
    [InlineData("{\"plate\":", "request.malformed_json")]
    [InlineData("not json at all", "request.malformed_json")]
    [InlineData("", "request.body_required")]
    [InlineData("[1,2,3]", "request.object_expected")]
    [InlineData("null", "request.object_expected")]
    [InlineData("\"鄂A·C5001\"", "request.object_expected")]
    public async Task A_body_that_is_not_a_form_is_a_400_problem(string body, string code)
    {
        var problem = await PostRawExpectingProblem(body, "application/json", HttpStatusCode.BadRequest);

        problem.GetProperty("code").GetString().Should().Be(code);
        problem.GetProperty("status").GetInt32().Should().Be(400);
        await NothingWasStored();
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/xml")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/json; charset=latin1")]
    public async Task Anything_but_json_is_a_415_problem(string contentType)
    {
        var problem = await PostRawExpectingProblem("""{"plate":"鄂A·C5001"}""", contentType, HttpStatusCode.UnsupportedMediaType);

        problem.GetProperty("code").GetString().Should().Be("request.unsupported_media_type");
    }

    [Fact]
    public async Task A_body_over_the_limit_is_a_413_problem()
    {
        var huge = $$"""{"plate":"{{new string('A', 300 * 1024)}}"}""";

        var problem = await PostRawExpectingProblem(huge, "application/json", HttpStatusCode.RequestEntityTooLarge);

        problem.GetProperty("code").GetString().Should().Be("request.too_large");
        await NothingWasStored();
    }

    [Fact]
    public async Task Unknown_fields_are_ignored_and_cannot_set_what_the_server_decides()
    {
        var plate = UniquePlate();
        var chosenId = Guid.NewGuid();
        var result = await app.ScenarioAs(FleetApp.Jiangan, Role.FleetAdmin, s =>
        {
            s.Post.Json(new
            {
                plate, category = "GeneralOfficial", @class = "Sedan", seats = 5, energyType = "Gasoline", homePool = "420102",
                vehicleId = chosenId, id = chosenId, registeredAt = "2001-01-01T00:00:00Z", version = 99,
            }).ToUrl("/api/vehicles");
            s.StatusCodeShouldBe(HttpStatusCode.Created);
        });

        var id = (await result.ReadAsJsonAsync<JsonElement>()).GetProperty("vehicleId").GetGuid();
        id.Should().NotBe(chosenId);
        var vehicle = await GetJson($"/api/vehicles/{id}");
        vehicle.GetProperty("registeredAt").GetString().Should().Be("2026-11-02T01:30:00Z");
        vehicle.GetProperty("version").GetInt64().Should().Be(1);
    }

    [Fact]
    public async Task A_fleet_admin_registers_into_their_own_pool_only()
    {
        var refusedPlate = UniquePlate();
        var problem = await app.ScenarioAs(FleetApp.Jiangan, Role.FleetAdmin, s =>
        {
            s.Post.Json(Form(refusedPlate, homePool: FleetApp.JianghanPool)).ToUrl("/api/vehicles");
            s.StatusCodeShouldBe(HttpStatusCode.Forbidden);
        });
        (await problem.ReadAsJsonAsync<JsonElement>()).GetProperty("code").GetString().Should().Be("auth.out_of_scope");
        (await RegistrationsOf(refusedPlate)).Should().Be(0, "a refused registration stores nothing in either pool");

        var created = await app.ScenarioAs(FleetApp.Jiangan, Role.FleetAdmin, s =>
        {
            s.Post.Json(new { plate = UniquePlate(), category = "GeneralOfficial", @class = "Sedan", seats = 5, energyType = "Gasoline" })
                .ToUrl("/api/vehicles");
            s.StatusCodeShouldBe(HttpStatusCode.Created);
        });
        var id = (await created.ReadAsJsonAsync<JsonElement>()).GetProperty("vehicleId").GetGuid();
        (await GetJson($"/api/vehicles/{id}")).GetProperty("homePool").GetString().Should().Be(FleetApp.JianganPool);
    }

    [Theory]
    [InlineData(Role.Clerk)]
    [InlineData(Role.Approver)]
    [InlineData(Role.Dispatcher)]
    [InlineData(Role.Driver)]
    [InlineData(Role.Supervisor)]
    public async Task Only_fleet_admins_register_vehicles(Role role)
    {
        var plate = UniquePlate();
        var result = await app.ScenarioAs(FleetApp.Jiangan, role, s =>
        {
            s.Post.Json(Form(plate)).ToUrl("/api/vehicles");
            s.StatusCodeShouldBe(HttpStatusCode.Forbidden);
            s.ContentTypeShouldBe("application/problem+json");
        });

        (await result.ReadAsJsonAsync<JsonElement>()).GetProperty("code").GetString().Should().Be("auth.forbidden");
        (await RegistrationsOf(plate)).Should().Be(0);
    }

    /// <summary>The registrations of <paramref name="plate"/> stored in any pool.</summary>
    private async Task<int> RegistrationsOf(string plate)
    {
        var count = 0;
        foreach (var pool in new[] { FleetApp.CityPool, FleetApp.JianganPool, FleetApp.JianghanPool })
        {
            await using var session = app.Store.QuerySession(pool);
            count += await session.Events.QueryRawEventDataOnly<VehicleRegistered>().Where(e => e.Plate == plate).CountAsync();
        }

        return count;
    }

    [Fact]
    public async Task Anonymous_requests_are_refused_with_401()
    {
        var result = await app.Host.Scenario(s =>
        {
            s.Post.Json(Form(UniquePlate())).ToUrl("/api/vehicles");
            s.StatusCodeShouldBe(HttpStatusCode.Unauthorized);
            s.ContentTypeShouldBe("application/problem+json");
        });

        (await result.ReadAsJsonAsync<JsonElement>()).GetProperty("code").GetString().Should().Be("auth.required");
    }

    [Fact]
    public async Task An_unknown_vehicle_is_a_404_problem()
    {
        var id = Guid.CreateVersion7();
        var result = await app.ScenarioAs(FleetApp.Jiangan, Role.FleetAdmin, s =>
        {
            s.Get.Url($"/api/vehicles/{id}");
            s.StatusCodeShouldBe(HttpStatusCode.NotFound);
            s.ContentTypeShouldBe("application/problem+json");
        });

        var problem = await result.ReadAsJsonAsync<JsonElement>();
        problem.GetProperty("code").GetString().Should().Be("vehicle.not_found");
        problem.GetProperty("detail").GetString().Should().Contain(id.ToString());
    }

    [Fact]
    public async Task A_malformed_vehicle_id_is_a_404_problem()
    {
        var result = await app.ScenarioAs(FleetApp.Jiangan, Role.FleetAdmin, s =>
        {
            s.Get.Url("/api/vehicles/not-a-vehicle");
            s.StatusCodeShouldBe(HttpStatusCode.NotFound);
        });

        (await result.ReadAsJsonAsync<JsonElement>()).GetProperty("code").GetString().Should().Be("request.not_found");
    }

    [Fact]
    public async Task Problems_speak_chinese_by_default_and_english_on_request()
    {
        var body = """{"plate":"鄂A·C5001","category":"GeneralOfficial","class":"Sedan","seats":45,"energyType":"Gasoline"}""";

        var chinese = await PostRawExpectingProblem(body, "application/json", HttpStatusCode.BadRequest);
        var english = await PostRawExpectingProblem(body, "application/json", HttpStatusCode.BadRequest, "en-US,en;q=0.9");

        chinese.GetProperty("detail").GetString().Should().Contain("座位数");
        english.GetProperty("detail").GetString().Should().Contain("seats, driver included");
    }

    private async Task<JsonElement> GetJson(string url)
    {
        var result = await app.ScenarioAs(FleetApp.Jiangan, Role.FleetAdmin, s =>
        {
            s.Get.Url(url);
            s.StatusCodeShouldBeOk();
        });
        return await result.ReadAsJsonAsync<JsonElement>();
    }

    private async Task<JsonElement> PostExpectingProblem(object form, HttpStatusCode status)
    {
        var result = await app.ScenarioAs(FleetApp.Jiangan, Role.FleetAdmin, s =>
        {
            s.Post.Json(form).ToUrl("/api/vehicles");
            s.StatusCodeShouldBe(status);
            s.ContentTypeShouldBe("application/problem+json");
        });
        return await result.ReadAsJsonAsync<JsonElement>();
    }

    private async Task<JsonElement> PostRawExpectingProblem(string body, string contentType, HttpStatusCode status, string? language = null)
    {
        var result = await app.ScenarioAs(FleetApp.Jiangan, Role.FleetAdmin, s =>
        {
            s.Post.Text(body).ToUrl("/api/vehicles");
            s.WithRequestHeader("Content-Type", contentType);
            if (language is not null) s.WithRequestHeader("Accept-Language", language);
            s.StatusCodeShouldBe(status);
            s.ContentTypeShouldBe("application/problem+json");
        });
        var problem = await result.ReadAsJsonAsync<JsonElement>();
        problem.GetProperty("type").GetString().Should().StartWith("urn:fleet:problem:");
        problem.TryGetProperty("traceId", out _).Should().BeTrue();
        return problem;
    }

    private async Task NothingWasStored()
    {
        await using var session = app.Store.QuerySession(FleetApp.JianganPool);
        (await session.Query<VehicleSummary>().CountAsync(v => v.Plate == "鄂A·C5001")).Should().Be(0);
    }
}
