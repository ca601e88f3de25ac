global using Fleet.Server.Infrastructure.Commands;
global using Fleet.Server.Infrastructure.Security;
global using Fleet.Server.Setup;
global using Marten;
global using NodaTime;
global using Wolverine;
