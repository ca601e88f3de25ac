using System.Net;
using System.Text.Json;
using Alba;
using Fleet.Domain.People;
using Fleet.Domain.Trips;
using Fleet.Server.Infrastructure.Http;
using Fleet.Testing;
using FluentAssertions;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Xunit;

namespace Fleet.Server.Tests.Infrastructure;

/// <summary>A command sent twice under one Idempotency-Key is carried out once and answered the same both times.</summary>
public class IdempotencyTests(FleetApp app) : IClassFixture<FleetApp>
{
    private const string Pool = FleetApp.Jiangan;

    private static object Form(string purposeText) => new TripBuilder().For(purposeText).Body;

    private Task<IScenarioResult> Send(string url, object body, string? key, Role role = Role.Clerk) =>
        app.ScenarioAs(Pool, role, s =>
        {
            s.Post.Json(body).ToUrl(url);
            if (key is not null) s.WithRequestHeader("Idempotency-Key", key);
            s.IgnoreStatusCode();
        });

    private async Task<int> TripsNamed(string purposeText)
    {
        await using var session = app.Store.QuerySession(FleetApp.JianganPool);
        return await session.Query<Trip>().CountAsync(t => t.Details.PurposeText == purposeText);
    }

    [Fact]
    public async Task A_repeated_request_gets_the_first_answer_and_adds_nothing()
    {
        var key = Guid.NewGuid().ToString();
        var first = await Send("/api/trips", Form("重复提交测试一"), key);
        var second = await Send("/api/trips", Form("重复提交测试一"), key);

        first.Context.Response.StatusCode.Should().Be(201);
        second.Context.Response.StatusCode.Should().Be(201);
        (await second.ReadAsTextAsync()).Should().Be(await first.ReadAsTextAsync());
        second.Context.Response.Headers["Idempotency-Replayed"].ToString().Should().Be("true");
        (await TripsNamed("重复提交测试一")).Should().Be(1);

        (await Send("/api/trips", Form("重复提交测试一"), Guid.NewGuid().ToString())).Context.Response.StatusCode.Should().Be(201,
            "a new key is a new request");
        (await TripsNamed("重复提交测试一")).Should().Be(2);
    }

    [Fact]
    public async Task A_refusal_is_replayed_too_and_the_key_cannot_be_reused_for_another_request()
    {
        var key = Guid.NewGuid().ToString();
        var trip = (await (await Send("/api/trips", Form("重复提交测试二"), null)).ReadAsJsonAsync<JsonElement>()).GetProperty("tripId").GetGuid();

        var refused = await Send($"/api/trips/{trip}/approve", new { }, key, Role.Approver);
        refused.Context.Response.StatusCode.Should().Be(409);
        var again = await Send($"/api/trips/{trip}/approve", new { }, key, Role.Approver);
        again.Context.Response.StatusCode.Should().Be(409);
        (await again.ReadAsTextAsync()).Should().Be(await refused.ReadAsTextAsync());

        var other = await Send($"/api/trips/{trip}/reject", new { reason = "不需要" }, key, Role.Approver);
        other.Context.Response.StatusCode.Should().Be(409);
        (await other.ReadAsJsonAsync<JsonElement>()).Code().Should().Be("idempotency.key_reused");

        var invalid = await Send("/api/trips", Form("重复提交测试二"), "含有中文的键");
        (await invalid.ReadAsJsonAsync<JsonElement>()).Code().Should().Be("idempotency.key_invalid");
    }

    [Fact]
    public async Task Concurrent_repeats_of_one_request_are_carried_out_once()
    {
        for (var round = 0; round < 5; round++)
        {
            var key = Guid.NewGuid().ToString();
            var purpose = $"并发重复提交{round}";
            var results = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => Send("/api/trips", Form(purpose), key)));

            results.Select(r => r.Context.Response.StatusCode).Should().OnlyContain(s => s == 201 || s == 409);
            foreach (var refused in results.Where(r => r.Context.Response.StatusCode == 409))
                (await refused.ReadAsJsonAsync<JsonElement>()).Code().Should().Be("idempotency.in_progress");
            (await TripsNamed(purpose)).Should().Be(1);
            var answers = await Task.WhenAll(results.Where(r => r.Context.Response.StatusCode == 201).Select(r => r.ReadAsTextAsync()));
            answers.Distinct().Should().ContainSingle("every answer is the one answer of the one trip");
        }
    }

    [Fact]
    public async Task Keys_belong_to_their_user()
    {
        var key = Guid.NewGuid().ToString();
        (await Send("/api/trips", Form("重复提交测试三"), key)).Context.Response.StatusCode.Should().Be(201);
        var other = await app.ScenarioAs(FleetApp.Jianghan, Role.Clerk, s =>
        {
            s.Post.Json(Form("重复提交测试三")).ToUrl("/api/trips");
            s.WithRequestHeader("Idempotency-Key", key);
            s.StatusCodeShouldBe(HttpStatusCode.Created);
        });
        other.Context.Response.Headers.ContainsKey("Idempotency-Replayed").Should().BeFalse();
    }

    [Fact]
    public async Task The_events_of_a_command_name_the_key_it_was_sent_under()
    {
        var key = Guid.NewGuid().ToString();
        var trip = (await (await Send("/api/trips", Form("重复提交测试四"), key)).ReadAsJsonAsync<JsonElement>()).GetProperty("tripId").GetGuid();
        await Send("/api/trips", Form("重复提交测试四"), key);

        await using var session = app.Store.QuerySession(FleetApp.JianganPool);
        var events = await session.Events.FetchStreamAsync(trip);
        events.Should().NotBeEmpty();
        events.Select(e => e.Headers?.GetValueOrDefault(IdempotencyMiddleware.EventHeader)?.ToString()).Should().OnlyContain(k => k == key);
    }

    [Fact]
    public async Task Records_older_than_the_retention_are_removed_and_younger_ones_kept()
    {
        var old = Guid.NewGuid().ToString();
        var recent = Guid.NewGuid().ToString();
        (await Send("/api/trips", Form("重复提交测试五"), old)).Context.Response.StatusCode.Should().Be(201);
        try
        {
            app.Clock.Reset(FleetApp.Start + Duration.FromTimeSpan(IdempotencyRecordPurge.DefaultKeepFor) + Duration.FromHours(1));
            (await Send("/api/drivers", new { name = "保留期测试", licenceClasses = new[] { "C1" }, licenceNumber = "420102198001011234",
                licenceExpiresOn = "2030-01-01" }, recent, Role.FleetAdmin)).Context.Response.StatusCode.Should().Be(201);

            var purged = await app.Host.Services.GetRequiredService<IdempotencyRecordPurge>().PurgeAsync(CancellationToken.None);

            purged.Should().BeGreaterThanOrEqualTo(1);
            (await RecordsFor(old)).Should().Be(0, "a week-old key protects no retry");
            (await RecordsFor(recent)).Should().Be(1);
        }
        finally
        {
            app.Clock.Reset(FleetApp.Start);
        }
    }

    private async Task<int> RecordsFor(string key)
    {
        await using var session = app.Store.QuerySession();
        return await session.Query<IdempotencyRecord>().CountAsync(r => r.Id.EndsWith(":" + key));
    }
}
