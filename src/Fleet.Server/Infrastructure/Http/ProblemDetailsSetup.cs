using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Fleet.Server.Infrastructure.Database;
using Fleet.Server.Infrastructure.Marten;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Npgsql;

namespace Fleet.Server.Infrastructure.Http;

public static partial class ProblemDetailsSetup
{
    /// <summary>
    /// Unique indexes of the store's own that stand for a rule, with the problem a client sees when the database refuses
    /// the second writer; the modules add theirs as <see cref="UniqueIndexRule"/> services.
    /// </summary>
    private static readonly UniqueIndexRule[] StoreRules =
    [
        new("mt_doc_usercredential_pkey", "user.login_name_taken", "The login name is already in use: choose another one."),
    ];

    /// <summary>
    /// What a request that lost a race on its record is told, by the records its address names: the rule the winner
    /// made true where there is one (the file is imported), else that the record changed under it. Sending it again
    /// decides afresh on the record as it is now.
    /// </summary>
    private static readonly IReadOnlyDictionary<string, (string Code, string Message)> LostRaceProblems =
        new Dictionary<string, (string, string)>
        {
            ["/api/logbook/import"] = ("logbook.already_imported", "This file was imported a moment ago by another request: send it again to see that import's report."),
            ["/api/trips"] = ("trip.concurrent_change", "Someone changed this trip a moment ago: reload it and try again."),
            ["/api/vehicles"] = ("vehicle.concurrent_change", "Someone changed this vehicle a moment ago: reload it and try again."),
            ["/api/drivers"] = ("driver.concurrent_change", "Someone changed this driver a moment ago: reload the driver and try again."),
            ["/api/users"] = ("user.concurrent_change", "Someone changed this account a moment ago: reload it and try again."),
            ["/api/organisations"] = ("organisation.concurrent_change", "Someone changed this organisation a moment ago: reload it and try again."),
            ["/api/approval-policy"] = ("policy.concurrent_change", "Someone changed the approval policy a moment ago: reload it and try again."),
        };

    /// <summary>The problem of a command that lost a race, naming the kind of record the request's address names.</summary>
    private static ProblemDetails LostRace(PathString path, ProblemText text)
    {
        var (code, message) = LostRaceProblems.Where(p => path.StartsWithSegments(p.Key)).Select(p => p.Value).FirstOrDefault();
        if (code is null) (code, message) = ("concurrency.stale", "Someone else changed this record in the meantime: reload it and try again.");
        return FleetProblems.Create(StatusCodes.Status409Conflict, code, text.Get(code, message));
    }

    public static IServiceCollection AddFleetProblemDetails(this IServiceCollection services)
    {
        services.AddSingleton<ProblemText>();
        services.AddExceptionHandler<FleetExceptionHandler>();
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var text = context.HttpContext.RequestServices.GetRequiredService<ProblemText>();
            Complete(context.ProblemDetails, context.HttpContext, text);
        });
        return services;
    }

    /// <summary>
    /// Gives every problem response — ours, the framework's and Wolverine's — a stable code, a localized
    /// message and the trace id to quote when calling for help.
    /// </summary>
    private static void Complete(ProblemDetails problem, HttpContext http, ProblemText text)
    {
        problem.Extensions["traceId"] = Activity.Current?.Id ?? http.TraceIdentifier;
        if (problem.Extensions.ContainsKey("code")) return;

        // Wolverine reports a body that parses as JSON but not as the endpoint's type (say "seats": "four").
        if (problem.Status == StatusCodes.Status400BadRequest && problem.Title == "Invalid JSON format")
        {
            var field = JsonPath().Match(problem.Detail ?? "") is { Success: true } m ? m.Groups["field"].Value : "body";
            problem.Extensions.Remove("lineNumber");
            problem.Extensions.Remove("bytePositionInLine");
            var message = text.Get("request.invalid_field", "The value of {0} has the wrong type: fill it in as the form asks (a number where a number is expected).", text.FieldName(field));
            problem.Title = ReasonPhrases.GetReasonPhrase(StatusCodes.Status400BadRequest);
            Set(problem, "request.invalid_field", message);
            problem.Extensions["errors"] = new[] { new FleetProblems.FieldError(field, "request.invalid_field", message) };
            return;
        }

        var (code, fallback) = problem.Status switch
        {
            StatusCodes.Status401Unauthorized when http.Items.ContainsKey(SignInGuard.RefusedItem) =>
                ("auth.session_revoked", "Your account was changed or deactivated, or you signed out: sign in again."),
            StatusCodes.Status401Unauthorized => ("auth.required", "Sign in first."),
            StatusCodes.Status403Forbidden => ("auth.forbidden", "Your roles do not allow this; ask your fleet administrator if you need it."),
            StatusCodes.Status404NotFound => ("request.not_found", "Nothing was found at this address."),
            StatusCodes.Status405MethodNotAllowed => ("request.method_not_allowed", "This address does not accept this request method."),
            StatusCodes.Status409Conflict => ("concurrency.stale", "Someone else changed this record in the meantime: reload it and try again."),
            StatusCodes.Status413PayloadTooLarge => ("request.too_large", "The request body is larger than allowed."),
            StatusCodes.Status415UnsupportedMediaType => ("request.unsupported_media_type", "Unsupported content type: send the data as application/json."),
            StatusCodes.Status429TooManyRequests => ("request.rate_limited", "Too many requests: wait a minute and try again."),
            >= 500 => ("server.error", "Something went wrong on the server; it has been logged. Reference: {0}"),
            _ => ("request.bad", "The request cannot be processed: {0}"),
        };
        // Only a server error quotes the trace id; anything else says what the framework said went wrong.
        var detail = code == "server.error" ? problem.Extensions["traceId"]! : problem.Detail ?? problem.Title ?? "";
        Set(problem, code, text.Get(code, fallback, detail));
    }

    private static void Set(ProblemDetails problem, string code, string detail)
    {
        problem.Extensions["code"] = code;
        problem.Type = $"urn:fleet:problem:{code}";
        problem.Detail = detail;
    }

    [GeneratedRegex(@"Path: \$\.?(?<field>[^ |]+)")]
    private static partial Regex JsonPath();

    private sealed class FleetExceptionHandler(ProblemText text, IProblemDetailsService problems, IEnumerable<UniqueIndexRule> moduleRules,
        ILogger<FleetExceptionHandler> logger) : IExceptionHandler
    {
        private readonly Dictionary<string, UniqueIndexRule> _uniqueRules = StoreRules.Concat(moduleRules).ToDictionary(r => r.IndexName);

        public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
        {
            ProblemDetails problem;
            if (IsRepeatOfRunningCommand(exception))
            {
                problem = FleetProblems.Create(StatusCodes.Status409Conflict, "idempotency.in_progress", text.Get("idempotency.in_progress",
                    "A request with this Idempotency-Key has been carried out or is being carried out, and its answer is not available: read the current state before deciding to send it again."));
            }
            else if (FindUniqueViolation(exception) is { } rule)
            {
                problem = FleetProblems.Create(StatusCodes.Status409Conflict, rule.Code, text.Get(rule.Code, rule.Message));
            }
            else if (LostRaces.Lost(exception))
            {
                // Nothing was written and nothing is wrong with the server: the client reloads and decides again.
                logger.LogInformation("{Method} {Path} lost a race with another command on its record: {Reason}", http.Request.Method, http.Request.Path,
                    exception.Message);
                problem = LostRace(http.Request.Path, text);
            }
            else if (DatabaseUnavailable.Is(exception))
            {
                // The database restarting or out of connections is no fault of the request, and a retry will succeed; a
                // command sent under an Idempotency-Key is not carried out twice if this one did commit after all.
                logger.LogWarning(exception, "The database was unavailable for {Method} {Path}", http.Request.Method, http.Request.Path);
                problem = FleetProblems.Create(StatusCodes.Status503ServiceUnavailable, "server.unavailable", text.Get("server.unavailable",
                    "The database cannot be reached at the moment: try again in a few seconds."));
                http.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            }
            else if (exception is MissingActorException)
            {
                problem = new ProblemDetails { Status = StatusCodes.Status401Unauthorized };
            }
            else if (exception is BadHttpRequestException bad)
            {
                var code = bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? "request.too_large" : "request.bad";
                problem = FleetProblems.Create(bad.StatusCode, code, text.Get(code, "The request cannot be processed: {0}", bad.Message));
            }
            else
            {
                logger.LogError(exception, "Unhandled exception for {Method} {Path}", http.Request.Method, http.Request.Path);
                // Status only: Complete() fills in the code and a message with the trace id, and never the exception.
                problem = new ProblemDetails { Status = StatusCodes.Status500InternalServerError, Title = "Internal Server Error" };
            }

            http.Response.StatusCode = problem.Status!.Value;
            return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = null });
        }

        private const int RetryAfterSeconds = 5;

        /// <summary>Two requests under one key ran at once, and the first one's record was committed before the second's.</summary>
        private static bool IsRepeatOfRunningCommand(Exception exception)
        {
            for (var e = exception; e is not null; e = e.InnerException)
                if (e is JasperFx.DocumentAlreadyExistsException { DocType: var type } && type == typeof(IdempotencyRecord)) return true;
            return false;
        }

        private UniqueIndexRule? FindUniqueViolation(Exception exception)
        {
            for (var e = exception; e is not null; e = e.InnerException)
            {
                if (e is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: { } name }
                    && _uniqueRules.TryGetValue(name, out var rule))
                    return rule;
            }

            return null;
        }
    }
}

/// <summary>
/// A unique index that stands for a domain rule, with the problem a client sees when a race gets past the endpoint's own
/// check and the database refuses the second writer.
/// </summary>
public sealed record UniqueIndexRule(string IndexName, string Code, string Message);
