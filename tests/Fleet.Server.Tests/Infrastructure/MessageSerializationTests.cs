using System.Text;
using Fleet.Testing;
using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Wolverine;
using Wolverine.Runtime;
using Xunit;

namespace Fleet.Server.Tests.Infrastructure;

public record ReminderDue(Guid TripId, Instant DueAt, LocalDate ServiceDay, Duration Lead);

public class MessageSerializationTests(FleetApp app) : IClassFixture<FleetApp>
{
    [Fact]
    public void Messages_carry_nodatime_values_as_iso_text_and_read_back_unchanged()
    {
        var serializer = app.Host.Services.GetRequiredService<IWolverineRuntime>().Options.DefaultSerializer;
        var message = new ReminderDue(Guid.CreateVersion7(), Instant.FromUtc(2026, 11, 2, 1, 30),
            new LocalDate(2026, 11, 2), Duration.FromMinutes(30));

        var bytes = serializer.WriteMessage(message);
        var envelope = new Envelope { Data = bytes, MessageType = typeof(ReminderDue).FullName };

        Encoding.UTF8.GetString(bytes).Should().Contain("\"2026-11-02T01:30:00Z\"").And.Contain("\"2026-11-02\"");
        serializer.ReadFromData(typeof(ReminderDue), envelope).Should().Be(message);
    }
}
