using Fleet.Domain.Notifications;

namespace Fleet.Server.Notifications.Preferences;

/// <summary>The signed-in person chooses how they are told: channels, addresses, kinds they do not want, quiet hours, language.</summary>
public sealed record SetNotificationPreferences(NotificationPreferencesForm Form) : Command<NotificationPreferences>;

public static class SetNotificationPreferencesHandler
{
    public static Outcome<NotificationPreferences> Handle(SetNotificationPreferences command, IDocumentSession session)
    {
        var (preferences, problems) = NotificationPreferencesInput.Parse(command.By.UserId, command.Form);
        if (preferences is null) return Outcome<NotificationPreferences>.Refused(problems);

        session.Store(preferences);
        return preferences;
    }
}

public static class SetNotificationPreferencesEndpoint
{
    [WolverinePost("/api/my/notification-preferences", OperationId = "SetNotificationPreferences"), Tags("Notifications")]
    [Authorize]
    public static Task<Results<Ok<NotificationPreferences>, ProblemHttpResult>> Post(NotificationPreferencesForm form, HttpContext http, IMessageBus bus) =>
        bus.AnswerAsync(new SetNotificationPreferences(form), http);
}

/// <summary>The signed-in person's preferences, or the defaults until they choose.</summary>
public sealed record GetMyNotificationPreferences : Query<NotificationPreferences>;

public static class GetMyNotificationPreferencesEndpoint
{
    [WolverineGet("/api/my/notification-preferences", OperationId = "GetMyNotificationPreferences"), Tags("Notifications")]
    [Authorize]
    public static Task<Results<Ok<NotificationPreferences>, ProblemHttpResult>> Get(HttpContext http, IMessageBus bus) =>
        bus.AnswerAsync(new GetMyNotificationPreferences(), http);
}

public static class GetMyNotificationPreferencesHandler
{
    public static async Task<Outcome<NotificationPreferences>> Handle(GetMyNotificationPreferences asked, IQuerySession session, CancellationToken cancellation) =>
        await session.LoadAsync<NotificationPreferences>(asked.By.UserId, cancellation) ?? NotificationPreferences.Default(asked.By.UserId);
}
