using Fleet.Domain.Common;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace Fleet.Server.Web;

/// <summary>
/// <c>&lt;phone-link number="13800138000" label="…" /&gt;</c>: a number to call, as a <c>tel:</c> link a thumb can hit on a
/// phone, its accessible name saying whom it calls. Nothing is written when there is no number.
/// </summary>
[HtmlTargetElement("phone-link", TagStructure = TagStructure.WithoutEndTag)]
public sealed class PhoneLinkTagHelper : TagHelper
{
    public string? Number { get; set; }

    /// <summary>What the link says to a screen reader, e.g. "给王芳打电话 13800138000"; the number alone when not given.</summary>
    public string? Label { get; set; }

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        if (string.IsNullOrEmpty(Number))
        {
            output.SuppressOutput();
            return;
        }

        output.TagName = "a";
        output.TagMode = TagMode.StartTagAndEndTag;
        var classes = context.AllAttributes.TryGetAttribute("class", out var given) ? $"tel {given.Value}" : "tel";
        output.Attributes.SetAttribute("class", classes);
        output.Attributes.SetAttribute("href", "tel:" + PhoneNumber.Dialled(Number));
        if (!string.IsNullOrEmpty(Label)) output.Attributes.SetAttribute("aria-label", Label);
        output.Content.SetContent(Number);
    }
}
