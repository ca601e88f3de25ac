using Fleet.Domain.People;
using Marten.Events;
using Fleet.Domain.Trips;
using Fleet.Server.Trips.Approving;
using Fleet.Server.Trips.Closing;
using Fleet.Server.Trips.Viewing;
using Microsoft.AspNetCore.Mvc;

namespace Fleet.Server.Web.Pages.Approvals;

/// <summary>
/// An approver's inbox: requests waiting at their step (the unit's, or the pool office's across the pool), and for
/// unit heads the emergency trips to review afterwards.
/// </summary>
[Authorize(Roles = nameof(Role.Approver))]
public sealed class ApprovalsModel : WebPage
{
    /// <summary>A request as the unit head decides on it: who asked, for what, and why the policy put it before them.</summary>
    /// <param name="Reasons">The policy's reasons in the reader's words, as it gave them when it asked for approval.</param>
    public sealed record WaitingRequest(Trip Trip, string Requester, string Unit, IReadOnlyList<string> Reasons);

    public IReadOnlyList<WaitingRequest> Inbox { get; private set; } = [];
    public IReadOnlyList<Trip> Reviews { get; private set; } = [];

    public Task OnGetAsync() => LoadAsync();

    public Task<IActionResult> OnPostApproveAsync(Guid id) =>
        AfterAsync(SendAsync(new ApproveTrip(id)), "approvals.approved");

    public Task<IActionResult> OnPostRejectAsync(Guid id, string? reason) =>
        AfterAsync(SendAsync(new RejectTrip(id, new RejectTripForm(reason))), "approvals.rejected");

    public Task<IActionResult> OnPostReviewAsync(Guid id, string? outcome, string? note) =>
        AfterAsync(SendAsync(new ReviewEmergencyTrip(id, new ReviewEmergencyTripForm(outcome, note))), "approvals.reviewed");

    protected override async Task LoadAsync()
    {
        var waiting = (await AskAsync(new ListTrips(AwaitingApproval: true, Page: 1, PageSize: 100, Sort: "start")))?.Items ?? [];
        Inbox = await RequestsAsync(waiting);
        // The unit head reviews the unit's emergencies; the pool's office signs steps, it does not review.
        Reviews = TripVisibility.IsPoolOfficeApprover(Me) ? [] : (await AskAsync(new ListTrips(AwaitingReview: true, Page: 1, PageSize: 100, Sort: "-start")))
            ?.Items ?? [];
    }

    /// <summary>When a trip is back: the time alone on the day it left, the date too when it comes back another day.</summary>
    public string Ends(Instant start, Instant end) => start.InZone(Zone).Date == end.InZone(Zone).Date ? LocalTime(end) : Local(end);

    private async Task<IReadOnlyList<WaitingRequest>> RequestsAsync(IReadOnlyList<Trip> waiting)
    {
        if (waiting.Count == 0) return [];
        var ids = waiting.Select(t => t.Id).ToArray();
        var people = waiting.Select(t => t.RequestedBy).Distinct().ToArray();
        await using var session = Read();
        // The city office's inbox holds other pools' requests: their requesters, streams and units live in those pools.
        // Everything here is read by the ids of trips the inbox's query already let through.
        var users = (await session.Query<User>().Where(u => u.InCity() && u.Id.IsOneOf(people)).ToListAsync(HttpContext.RequestAborted))
            .ToDictionary(u => u.Id);
        // The policy's latest answer is the one in force: an amended request was asked about again. Read from the waiting
        // trips' own streams, by pool and stream as the store's index has them, not from that event type across the whole
        // store, which grows with the history.
        var pools = waiting.Select(t => t.Pool).Distinct().ToArray();
        var asked = (await session.Events.QueryAllRawEvents()
                .Where(e => e.TenantIsOneOf(pools) && e.StreamId.IsOneOf(ids) && e.EventTypesAre(typeof(TripApprovalRequired), typeof(TripApprovalChainRequired)))
                .ToListAsync(HttpContext.RequestAborted))
            .Select(e => e.Data switch
            {
                TripApprovalChainRequired chain => (chain.TripId, chain.At, chain.Reasons),
                _ => (((TripApprovalRequired)e.Data).TripId, ((TripApprovalRequired)e.Data).At, ((TripApprovalRequired)e.Data).Reasons),
            })
            .GroupBy(e => e.TripId)
            .ToDictionary(g => g.Key, g => g.MaxBy(e => e.At).Reasons);
        var units = await UnitNamesAsync(waiting.Select(t => t.UnitCode));
        var words = Service<WebText>();
        return waiting.Select(t => new WaitingRequest(t,
                users.GetValueOrDefault(t.RequestedBy)?.DisplayName ?? "",
                units.GetValueOrDefault(t.UnitCode, t.UnitCode),
                asked.GetValueOrDefault(t.Id, []).Select(code => words.Alone(words[Trips.TripDetailsModel.PolicyReasonKey(code)])).ToList()))
            .ToList();
    }
}
