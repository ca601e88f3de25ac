using Fleet.Domain.Notifications;
using Fleet.Server.Notifications.Preferences;
using Microsoft.AspNetCore.Mvc;

namespace Fleet.Server.Web.Pages.Notifications;

/// <summary>How the reader wants to be told: channels with their addresses, the kinds they do not want, quiet hours, language.</summary>
[Authorize]
public sealed class NotificationSettingsModel : WebPage
{
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? Mobile { get; set; }
    [BindProperty] public List<string> Channels { get; set; } = [];
    [BindProperty] public List<string> Wanted { get; set; } = [];
    [BindProperty] public string? QuietFrom { get; set; }
    [BindProperty] public string? QuietUntil { get; set; }
    [BindProperty] public string? Language { get; set; }

    public async Task OnGetAsync()
    {
        var mine = await AskAsync(new GetMyNotificationPreferences()) ?? NotificationPreferences.Default(Me.UserId);
        Email = mine.Email;
        Mobile = mine.Mobile;
        Channels = mine.Channels.Select(c => c.ToString()).ToList();
        Wanted = Enum.GetValues<NotificationKind>().Where(mine.Wants).Select(k => k.ToString()).ToList();
        QuietFrom = mine.QuietFrom?.ToString("HH:mm", null);
        QuietUntil = mine.QuietUntil?.ToString("HH:mm", null);
        Language = mine.Language;
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var muted = Enum.GetNames<NotificationKind>().Except(Wanted).ToList();
        var form = new NotificationPreferencesForm(Email, Mobile, Channels, muted, QuietFrom, QuietUntil, Language);
        if ((await SendAsync(new SetNotificationPreferences(form))).Accepted)
        {
            TempData["Notice"] = Service<WebText>()["notifications.settings_saved"];
            return RedirectToPage("/Notifications/Index");
        }

        return Page();
    }
}
