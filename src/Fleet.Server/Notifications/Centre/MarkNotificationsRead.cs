using Fleet.Domain.People;

namespace Fleet.Server.Notifications.Centre;

/// <summary>Which notifications to mark read: those listed, or every one with <see cref="All"/>.</summary>
public sealed record MarkNotificationsReadForm(IReadOnlyList<Guid>? Ids = null, bool All = false);

/// <summary>What a marking left: how many of the reader's notifications are still unread.</summary>
public sealed record NotificationsMarked(int Marked);

/// <summary>The reader has seen notifications; only their own can be marked.</summary>
public sealed record MarkNotificationsRead(MarkNotificationsReadForm Form) : Command<NotificationsMarked>;

public static class MarkNotificationsReadHandler
{
    public const int MostAtOnce = 500;

    public static Outcome<NotificationsMarked> Handle(MarkNotificationsRead command, IDocumentSession session, NotificationStore store, IClock clock)
    {
        var form = command.Form;
        if (!form.All && form.Ids is not { Count: > 0 })
            return Outcome<NotificationsMarked>.Refused(Problem.Invalid("notifications.nothing_to_mark", "ids",
                "Say which notifications to mark read, or mark them all."));
        if (!form.All && form.Ids!.Count > MostAtOnce)
            return Outcome<NotificationsMarked>.Refused(Problem.Invalid("notifications.too_many_to_mark", "ids",
                "At most {0} notifications can be marked at once; mark them all instead.", MostAtOnce));

        store.MarkRead(session, command.By.UserId, form.All ? null : form.Ids!.Distinct().ToArray(), clock.GetCurrentInstant());
        return new NotificationsMarked(form.All ? -1 : form.Ids!.Distinct().Count());
    }
}

public static class MarkNotificationsReadEndpoint
{
    [WolverinePost("/api/my/notifications/read", OperationId = "MarkNotificationsRead"), Tags("Notifications")]
    [Authorize]
    public static Task<Results<Ok<NotificationsMarked>, ProblemHttpResult>> Post(MarkNotificationsReadForm form, HttpContext http, IMessageBus bus) =>
        bus.AnswerAsync(new MarkNotificationsRead(form), http);
}
