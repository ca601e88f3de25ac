using Fleet.Domain.People;
using Fleet.Domain.Trips;
using Fleet.Server.Trips.Approving;
using Fleet.Server.Trips.Closing;
using Fleet.Server.Trips.Viewing;
using Microsoft.AspNetCore.Mvc;

namespace Fleet.Server.Web.Pages.Approvals;

/// <summary>The unit head's inbox: requests waiting for their approval, and emergency trips to review afterwards.</summary>
[Authorize(Roles = nameof(Role.Approver))]
public sealed class ApprovalsModel : WebPage
{
    public IReadOnlyList<Trip> Inbox { get; private set; } = [];
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
        Inbox = (await AskAsync(new ListTrips(AwaitingApproval: true, Page: 1, PageSize: 100, Sort: "start")))
            ?.Items ?? [];
        Reviews = (await AskAsync(new ListTrips(AwaitingReview: true, Page: 1, PageSize: 100, Sort: "-start")))
            ?.Items ?? [];
    }
}
