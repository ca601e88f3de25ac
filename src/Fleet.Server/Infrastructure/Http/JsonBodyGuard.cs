using System.Text.Json;
using Microsoft.Net.Http.Headers;

namespace Fleet.Server.Infrastructure.Http;

/// <summary>
/// Checks an API request before any endpoint sees it: the ids in its route (an empty id names nothing: 404), control
/// characters in its query or body text (400: PostgreSQL cannot store a NUL, and no field of Fleet holds a control
/// character), and its body's JSON content type (415), size (413) and well-formed UTF-8 JSON (400). Refusing here
/// means a hostile or broken request never reaches a handler, so nothing can be half-written, and every refusal
/// carries a stable problem code.
/// </summary>
public sealed class JsonBodyGuard(RequestDelegate next, ProblemText text, IConfiguration configuration)
{
    private readonly long _maxBytes = configuration.GetValue("Fleet:Http:MaxJsonBodyBytes", 256 * 1024L);

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (!request.Path.StartsWithSegments("/api"))
        {
            await next(context);
            return;
        }

        if (request.RouteValues.Any(v => v.Value is string id && Guid.TryParse(id, out var guid) && guid == Guid.Empty))
        {
            await Refuse(context, StatusCodes.Status404NotFound, "request.record_not_found", "Nothing is recorded under an empty id.");
            return;
        }

        if (request.Query.FirstOrDefault(q => q.Value.Any(v => v is not null && HasControlCharacter(v))) is { Key: { } parameter })
        {
            await RefuseField(context, parameter);
            return;
        }

        // An action such as "start" needs no form: a POST without content type and without body goes through.
        if (!HasBody(request) || IsBodiless(request))
        {
            await next(context);
            return;
        }

        if (!IsJson(request.ContentType))
        {
            await Refuse(context, StatusCodes.Status415UnsupportedMediaType, "request.unsupported_media_type",
                "Unsupported content type: send the data as application/json.");
            return;
        }

        var maxBytes = context.GetEndpoint()?.Metadata.GetMetadata<BodyLimitAttribute>()?.Bytes ?? _maxBytes;
        if (request.ContentLength > maxBytes)
        {
            await Refuse(context, StatusCodes.Status413PayloadTooLarge, "request.too_large", "The request body is larger than allowed.");
            return;
        }

        var body = new MemoryStream();
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(buffer, context.RequestAborted)) > 0)
        {
            // A chunked body has no declared length: count as it arrives.
            if (body.Length + read > maxBytes)
            {
                await Refuse(context, StatusCodes.Status413PayloadTooLarge, "request.too_large", "The request body is larger than allowed.");
                return;
            }

            body.Write(buffer, 0, read);
        }

        if (body.Length == 0)
        {
            await Refuse(context, StatusCodes.Status400BadRequest, "request.body_required", "The request has no body: send the data as JSON.");
            return;
        }

        switch (Inspect(body.GetBuffer().AsSpan(0, (int)body.Length)))
        {
            case { ControlCharacterIn: { } field }:
                await RefuseField(context, field);
                return;
            case { Error: { } error }:
                await Refuse(context, StatusCodes.Status400BadRequest, "request.malformed_json", "The request body is not valid JSON: {0}", error);
                return;
            case { IsObject: false }:
                await Refuse(context, StatusCodes.Status400BadRequest, "request.object_expected",
                    "The request body must be a JSON object with the form's fields.");
                return;
        }

        body.Position = 0;
        request.Body = body;
        request.ContentLength = body.Length;
        await next(context);
    }

    private static bool HasBody(HttpRequest request) =>
        HttpMethods.IsPost(request.Method) || HttpMethods.IsPut(request.Method) || HttpMethods.IsPatch(request.Method);

    private static bool IsBodiless(HttpRequest request) =>
        string.IsNullOrEmpty(request.ContentType)
        && (request.ContentLength == 0 || (request.ContentLength is null && !request.Headers.TransferEncoding.Any()));

    private static bool IsJson(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var media)
        && (media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || media.SubTypeWithoutSuffix.HasValue && media.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase))
        && (!media.Charset.HasValue || media.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase));

    private static (string? Error, bool IsObject, string? ControlCharacterIn) Inspect(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 32 });
        try
        {
            var isObject = reader.Read() && reader.TokenType == JsonTokenType.StartObject;
            var property = "";
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName) property = reader.GetString()!;
                // A raw control character is not JSON at all; escaped (\u0000) it is, and only the escaped form can carry one.
                if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueIsEscaped && HasControlCharacter(reader.GetString()!))
                    return (null, isObject, property);
            }

            return (null, isObject, null);
        }
        catch (JsonException e)
        {
            return ($"line {e.LineNumber + 1}, position {e.BytePositionInLine + 1}", false, null);
        }
        catch (InvalidOperationException)
        {
            // An escaped lone surrogate (\ud800) is well-formed JSON but no text.
            return ("an escaped character that is no text", false, null);
        }
    }

    /// <summary>Tabs and line breaks are text; every other control character is not.</summary>
    private static bool HasControlCharacter(string text) => text.Any(c => c < ' ' && c is not ('\t' or '\r' or '\n'));

    private Task RefuseField(HttpContext context, string field) =>
        Refuse(context, StatusCodes.Status400BadRequest, "request.control_character", "{0} holds a control character: type plain text.", text.FieldName(field));

    private Task Refuse(HttpContext context, int status, string code, string fallback, params object[] args)
    {
        var problem = FleetProblems.Create(status, code, text.Get(code, fallback, args));
        return TypedResults.Problem(problem).ExecuteAsync(context);
    }
}

/// <summary>An endpoint whose body may be larger than the API's limit: a year of audit digests, for one.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class BodyLimitAttribute(long bytes) : Attribute
{
    public long Bytes { get; } = bytes;
}
