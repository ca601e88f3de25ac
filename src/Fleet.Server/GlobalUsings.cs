// The vocabulary every slice of the server speaks: the domain's common types, the command entry, the problem answers,
// the signed-in actor, and the stack (Marten, Wolverine and its HTTP endpoints, NodaTime, ASP.NET Core authorization).
global using Fleet.Domain.Common;
global using Fleet.Projections;
global using Fleet.Server.Infrastructure.Commands;
global using Fleet.Server.Infrastructure.Http;
global using Fleet.Server.Infrastructure.Security;
global using Marten;
global using Microsoft.AspNetCore.Authorization;
global using Microsoft.AspNetCore.Http.HttpResults;
global using NodaTime;
global using Wolverine;
global using Wolverine.Http;
