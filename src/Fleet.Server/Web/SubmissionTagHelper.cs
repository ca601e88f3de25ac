using Microsoft.AspNetCore.Razor.TagHelpers;

namespace Fleet.Server.Web;

/// <summary>
/// Gives every form that posts a key of its own, rendered with the page: the command the form sends is recorded under
/// it, so a double click, a browser's resubmit or a repost from the back button carries it out once.
/// </summary>
[HtmlTargetElement("form", Attributes = "method")]
public sealed class SubmissionTagHelper : TagHelper
{
    public const string Field = "__Submission";

    // After the framework's form helper, so that the key sits next to the anti-forgery token.
    public override int Order => 1000;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        if (!string.Equals(context.AllAttributes["method"]?.Value?.ToString(), "post", StringComparison.OrdinalIgnoreCase)) return;
        output.PostContent.AppendHtml($"<input type=\"hidden\" name=\"{Field}\" value=\"{Guid.CreateVersion7():N}\" />");
    }
}
