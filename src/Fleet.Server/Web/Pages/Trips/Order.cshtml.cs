using Fleet.Domain.People;
using Fleet.Domain.Trips;
using Fleet.Server.Trips.Viewing;
using Microsoft.AspNetCore.Mvc;

namespace Fleet.Server.Web.Pages.Trips;

/// <summary>
/// The dispatch order (派车单) of a dispatched trip, laid out for one A4 sheet: what the trip is, who asked and who
/// approved, the car and driver the dispatcher assigned, lines to sign, and a QR code of the trip's page. Whoever sees
/// the trip sees its order; a trip without an order, or one the reader may not see, is not found.
/// </summary>
[Authorize]
public sealed class TripOrderModel : WebPage
{
    /// <summary>One approval as the order records it: who, at which level, when.</summary>
    public sealed record Approval(string Name, int Level, Instant At);

    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }

    public Trip Trip { get; private set; } = null!;
    public string UnitName { get; private set; } = "";
    public string RequesterName { get; private set; } = "";
    public string? DispatcherName { get; private set; }
    public Instant? DispatchedAt { get; private set; }
    public string? DriverMobile { get; private set; }
    public bool AutoApproved { get; private set; }
    public IReadOnlyList<Approval> Approvals { get; private set; } = [];
    public string TripAddress { get; private set; } = "";
    public string QrImage { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync()
    {
        if (await AskAsync(new GetTrip(Id)) is not { Order: not null, Assignment: { } assignment } trip) return NotFound();
        Trip = trip;

        // The stream is read only once the query that decides who sees the trip has found it.
        await using var session = Read();
        var events = (await session.Events.FetchStreamAsync(Id, token: HttpContext.RequestAborted)).Select(e => e.Data).ToList();
        var approvals = new List<(Guid Who, int Level, Instant At)>();
        (Guid Who, Instant At)? dispatch = null;
        foreach (var data in events)
        {
            switch (data)
            {
                // A request asked again (after an amendment) is approved again: the order shows the approvals in force.
                case TripApprovalRequired or TripApprovalChainRequired: approvals.Clear(); AutoApproved = false; break;
                case TripAutoApproved: approvals.Clear(); AutoApproved = true; break;
                case TripApproved approved: approvals.Add((approved.ApproverId, approved.Level, approved.At)); break;
                case TripDispatched dispatched: dispatch = (dispatched.DispatcherId, dispatched.At); break;
                case TripReassigned reassigned: dispatch = (reassigned.DispatcherId, reassigned.At); break;
            }
        }

        var people = approvals.Select(a => a.Who).Append(trip.RequestedBy).Concat(dispatch is { } d ? [d.Who] : []).Distinct().ToList();
        var names = (await session.Query<User>().Where(u => u.Id.IsOneOf(people)).ToListAsync(HttpContext.RequestAborted)).ToDictionary(u => u.Id, u => u.DisplayName);
        RequesterName = names.GetValueOrDefault(trip.RequestedBy, "");
        Approvals = approvals.Select(a => new Approval(names.GetValueOrDefault(a.Who, ""), a.Level, a.At)).ToList();
        if (dispatch is { } by)
        {
            DispatcherName = names.GetValueOrDefault(by.Who);
            DispatchedAt = by.At;
        }

        if (assignment.DriverId is { } driverId)
            DriverMobile = (await session.LoadAsync<Fleet.Domain.Drivers.Driver>(driverId, HttpContext.RequestAborted))?.Mobile;
        UnitName = (await UnitNamesAsync()).GetValueOrDefault(trip.UnitCode, trip.UnitCode);

        TripAddress = DispatchOrderCode.Payload(DispatchOrderCode.Site(Request, Service<IConfiguration>()), trip.Id);
        QrImage = "data:image/png;base64," + Convert.ToBase64String(DispatchOrderCode.Png(TripAddress));
        return Page();
    }

    public string Separator => Service<WebText>().Separator;
}
