using Fleet.Domain.People;

namespace Fleet.Server.Notifications.Deliveries;

/// <summary>
/// The delivery log of the fleet admin's pool, newest first: every delivery queued, sent, tried again or parked, with the
/// far end's words; <c>status=parked</c> for those that need a person, <c>notification</c> for one notification's.
/// </summary>
public sealed record ListNotificationDeliveries(string? Status = null, Guid? Notification = null, int? Page = null, int? PageSize = null)
    : Query<IReadOnlyList<Delivery>>;

public static class ListNotificationDeliveriesEndpoint
{
    [WolverineGet("/api/notifications/deliveries", OperationId = "ListNotificationDeliveries"), Tags("Notifications")]
    [Authorize(Roles = nameof(Role.FleetAdmin))]
    public static Task<Results<Ok<IReadOnlyList<Delivery>>, ProblemHttpResult>> Get(string? status, Guid? notification, int? page, int? pageSize,
        HttpContext http, IMessageBus bus) =>
        bus.AnswerAsync(new ListNotificationDeliveries(status, notification, page, pageSize), http);
}

public static class ListNotificationDeliveriesHandler
{
    public static readonly string[] Statuses = ["queued", "sending", "retrying", "sent", "parked"];
    private static readonly string[] SortKeys = ["updated"];

    public static async Task<Outcome<IReadOnlyList<Delivery>>> Handle(ListNotificationDeliveries asked, NotificationStore store, CancellationToken cancellation)
    {
        var (paging, problems) = Paging.Parse(asked.Page, asked.PageSize, "-updated", SortKeys, "updated");
        if (paging is null) return Outcome<IReadOnlyList<Delivery>>.Refused(problems);
        if (asked.Status is { } status && !Statuses.Contains(status))
            return Outcome<IReadOnlyList<Delivery>>.Refused(Problem.Invalid("notifications.status_unknown", "status",
                "'{0}' is not a delivery status: use one of {1}.", status.Length > 20 ? status[..20] : status, string.Join(", ", Statuses)));

        return Outcome<IReadOnlyList<Delivery>>.Of(
            await store.DeliveriesAsync(asked.By.Pool, asked.Notification, asked.Status, paging.Skip, paging.PageSize, cancellation));
    }
}
