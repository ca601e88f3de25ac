using System.Globalization;
using Fleet.Domain.Notifications;

namespace Fleet.Server.Notifications.Centre;

/// <summary>A notification as its reader sees it, in the reader's language.</summary>
public sealed record NotificationView(Guid Id, NotificationKind Kind, string Title, string Text, string Link, Instant At, bool Urgent, bool Read);

/// <summary>The page of a person's notifications with their unread count.</summary>
public sealed record NotificationCentre(Page<NotificationView> Notifications, int Unread);

/// <summary>The signed-in person's notifications, newest first, a page at a time; <c>unread</c> for the unread ones only.</summary>
public sealed record ListMyNotifications(int? Page = null, int? PageSize = null, bool Unread = false) : Query<NotificationCentre>;

public static class ListMyNotificationsEndpoint
{
    [WolverineGet("/api/my/notifications", OperationId = "ListMyNotifications"), Tags("Notifications")]
    [Authorize]
    public static Task<Results<Ok<NotificationCentre>, ProblemHttpResult>> Get(int? page, int? pageSize, bool? unread, HttpContext http, IMessageBus bus) =>
        bus.AnswerAsync(new ListMyNotifications(page, pageSize, unread ?? false), http);
}

public static class ListMyNotificationsHandler
{
    private static readonly string[] SortKeys = ["at"];

    public static async Task<Outcome<NotificationCentre>> Handle(ListMyNotifications asked, NotificationStore store, DateTimeZone zone,
        CancellationToken cancellation)
    {
        var (paging, problems) = Paging.Parse(asked.Page, asked.PageSize, "-at", SortKeys, "at");
        if (paging is null) return Outcome<NotificationCentre>.Refused(problems);

        var (total, unread) = await store.CountAsync(asked.By.UserId, asked.By.Pool, cancellation);
        var items = await store.PageAsync(asked.By.UserId, asked.By.Pool, paging.Skip, paging.PageSize, asked.Unread, cancellation);
        var culture = CultureInfo.CurrentUICulture;
        var views = items.Select(n => View(n, culture, zone)).ToList();
        return new NotificationCentre(new Page<NotificationView>(views, paging.PageNumber, paging.PageSize, asked.Unread ? unread : total), unread);
    }

    public static NotificationView View(Notification n, CultureInfo culture, DateTimeZone zone)
    {
        var words = NotificationWords.Write(n, culture, zone);
        return new NotificationView(n.Id, n.Kind, words.Title, words.Text, n.Link, n.At, n.Urgent, n.ReadAt is not null);
    }
}
