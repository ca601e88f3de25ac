using Fleet.Server.Notifications.Centre;
using Microsoft.AspNetCore.Mvc;

namespace Fleet.Server.Web.Pages.Notifications;

/// <summary>The notification centre: what Fleet told the reader, newest first, each opening its trip or record.</summary>
[Authorize]
public sealed class NotificationsModel : WebPage
{
    [BindProperty(SupportsGet = true)] public int? PageNumber { get; set; }
    [BindProperty(SupportsGet = true)] public bool Unread { get; set; }

    public NotificationCentre? Centre { get; private set; }
    public Pager Pager { get; private set; } = new(1, 1, "/notifications", null);

    public async Task OnGetAsync() => await LoadAsync();

    /// <summary>Opening a notification marks it read on the way to what it is about.</summary>
    public async Task<IActionResult> OnPostOpenAsync(Guid id, string link)
    {
        await SendAsync(new MarkNotificationsRead(new MarkNotificationsReadForm([id])));
        return LocalRedirect(Url.IsLocalUrl(link) ? link : "/notifications");
    }

    public async Task<IActionResult> OnPostAllAsync() =>
        await AfterAsync((await SendAsync(new MarkNotificationsRead(new MarkNotificationsReadForm(All: true)))).Accepted,
            Service<WebText>()["notifications.all_marked"]);

    protected override async Task LoadAsync()
    {
        var number = Pager.Clamp(PageNumber);
        Centre = await AskAsync(new ListMyNotifications(number, Pager.Size, Unread));
        Pager = new Pager(number, Pager.Pages(Centre?.Notifications.TotalItems ?? 0), Unread ? "/notifications?unread=true" : "/notifications", null);
    }
}
