using Fleet.Domain.People;
using Fleet.Domain.Trips;
using Fleet.Server.Trips.Approving;
using Fleet.Server.Trips.Closing;
using Fleet.Server.Trips.Viewing;
using Microsoft.AspNetCore.Authorization;
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
        AfterAsync(RunAsync((session, _) => TripApprovalEndpoints.Approve(id, User, session, Clock, Text, HttpContext.RequestAborted)), "approvals.approved");

    public Task<IActionResult> OnPostRejectAsync(Guid id, string? reason) =>
        AfterAsync(RunAsync((session, _) => TripApprovalEndpoints.Reject(id, new RejectTripRequest(reason), User, session, Clock, Text,
            HttpContext.RequestAborted)), "approvals.rejected");

    public Task<IActionResult> OnPostReviewAsync(Guid id, string? outcome, string? note) =>
        AfterAsync(RunAsync((session, _) => ClosingEndpoints.Review(id, new ReviewEmergencyTripRequest(outcome, note), User, session, Clock, Text,
            HttpContext.RequestAborted)), "approvals.reviewed");

    protected override async Task LoadAsync()
    {
        Inbox = (await AskAsync(new ListTrips(AwaitingApproval: true, Page: 1, PageSize: 100, Sort: "start")))
            ?.Items ?? [];
        Reviews = (await AskAsync(new ListTrips(AwaitingReview: true, Page: 1, PageSize: 100, Sort: "-start")))
            ?.Items ?? [];
    }
}
