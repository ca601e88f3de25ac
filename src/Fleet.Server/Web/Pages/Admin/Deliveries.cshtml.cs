using Fleet.Domain.People;
using Fleet.Server.Notifications;
using Fleet.Server.Notifications.Deliveries;
using Microsoft.AspNetCore.Mvc;

namespace Fleet.Server.Web.Pages.Admin;

/// <summary>
/// The pool's delivery log for its fleet admins: every e-mail, text message and robot post, whether it went out, was tried
/// again or was parked, and the far end's words when it failed; the parked ones first to look at.
/// </summary>
[Authorize(Roles = nameof(Role.FleetAdmin))]
public sealed class AdminDeliveriesModel : WebPage
{
    [BindProperty(SupportsGet = true)] public string? Status { get; set; }
    [BindProperty(SupportsGet = true)] public int? PageNumber { get; set; }

    public IReadOnlyList<Delivery> Deliveries { get; private set; } = [];
    public int Number { get; private set; } = 1;

    /// <summary>A full page may be followed by another; the log is not counted, it only grows.</summary>
    public bool MayHaveMore => Deliveries.Count == Pager.Size;

    public string Link(int page) => $"/admin/deliveries?pageNumber={page}" + (Status is { Length: > 0 } s ? $"&status={s}" : "");

    public async Task OnGetAsync()
    {
        var status = ListNotificationDeliveriesHandler.Statuses.Contains(Status) ? Status : null;
        Status = status;
        Number = Pager.Clamp(PageNumber);
        Deliveries = await AskAsync(new ListNotificationDeliveries(status, null, Number, Pager.Size)) ?? [];
    }
}
