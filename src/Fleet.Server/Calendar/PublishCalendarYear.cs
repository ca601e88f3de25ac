using Fleet.Domain.Calendar;
using Fleet.Domain.Organisations;
using Fleet.Domain.People;
using Fleet.Projections.Calendar;
using Microsoft.AspNetCore.Mvc;

namespace Fleet.Server.Calendar;

/// <summary>The city's fleet administrator publishes a year's holidays and make-up working days, or corrects them under the next version.</summary>
public sealed record PublishCalendarYear(int Year, PublishCalendarYearForm Form) : Command<CalendarYear>;

public static class PublishCalendarYearHandler
{
    public static async Task<Outcome<CalendarYear>> Handle(PublishCalendarYear command, IDocumentSession session, IClock clock, CancellationToken cancellation)
    {
        // One calendar for the whole city, as the State Council's notice is one for the country: a district does not keep its own.
        if (command.By.OrganisationKind != OrganisationKind.City)
            return Outcome<CalendarYear>.Refused(Problem.Forbidden("calendar.city_only", "Only the city's fleet administrators publish the working calendar."));

        // Loaded for writing: two administrators publishing the same year at once get a 409 for the second.
        var stream = await session.Events.FetchForWriting<PublishedCalendarYear>(PublishedCalendarYear.StreamIdOf(command.Year), cancellation);
        var decision = CalendarYears.Publish(command.Year, command.Form, stream.Aggregate?.ToYear(), clock.GetCurrentInstant());
        if (!decision.IsAccepted) return Outcome<CalendarYear>.Refused(decision.Problems);

        var published = (CalendarYearPublished)decision.Events[0];
        stream.AppendOne(published);
        return CalendarYear.From(published);
    }
}

public static class PublishCalendarYearEndpoint
{
    [WolverinePost("/api/calendar/{year}", OperationId = "PublishCalendarYear"), Tags("Calendar")]
    [EndpointSummary("Publish a year's public holidays and make-up working days")]
    [Authorize(Roles = nameof(Role.FleetAdmin))]
    [LosesRaces]
    public static Task<Results<Ok<CalendarYear>, ProblemHttpResult>> Post(int year, PublishCalendarYearForm form, HttpContext http, IMessageBus bus) =>
        bus.AnswerAsync(new PublishCalendarYear(year, form), http);
}
