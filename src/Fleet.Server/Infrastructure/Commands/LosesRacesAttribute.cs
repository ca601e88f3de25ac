using Microsoft.AspNetCore.Mvc;

namespace Fleet.Server.Infrastructure.Commands;

/// <summary>
/// Documents the 409 an endpoint answers when its command loses a race with another one on the same record. An
/// endpoint that writes through its own Marten session gets this from Wolverine; one that sends its command to a
/// handler says it here, since the race is lost in the handler and mapped to the answer by the exception handler.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class LosesRacesAttribute() : ProducesResponseTypeAttribute(typeof(ProblemDetails), StatusCodes.Status409Conflict, "application/problem+json");
