using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using Marten.Linq.Members;
using NpgsqlTypes;
using Weasel.Core;
using Weasel.Postgresql;

namespace Fleet.Server.Infrastructure.Marten;

/// <summary>
/// Teaches Marten's LINQ provider and schema tools the NodaTime types Fleet stores, so that
/// <c>Where(x => x.At &lt; instant)</c> compares timestamps and not JSON strings.
/// </summary>
internal sealed class NodaTimeQueryMembers : IMemberSource
{
    public static void Register(StoreOptions options)
    {
        PostgresqlProvider.Instance.RegisterMapping(typeof(Instant), "timestamp with time zone", NpgsqlDbType.TimestampTz);
        PostgresqlProvider.Instance.RegisterMapping(typeof(LocalDate), "date", NpgsqlDbType.Date);
        options.Linq.MemberSources.Insert(0, new NodaTimeQueryMembers());
    }

    public bool TryResolve(IQueryableMember parent, StoreOptions options, MemberInfo memberInfo, Type memberType,
        [NotNullWhen(true)] out IQueryableMember? member)
    {
        var type = Nullable.GetUnderlyingType(memberType) ?? memberType;
        member = type == typeof(Instant)
            ? new InstantMember(options, parent, options.Serializer().Casing, memberInfo)
            : type == typeof(LocalDate)
                ? new DateOnlyMember(options, parent, options.Serializer().Casing, memberInfo)
                : null;
        return member is not null;
    }

    /// <summary>
    /// Instants are stored as ISO-8601 UTC strings; the immutable cast function keeps the expression indexable.
    /// </summary>
    private sealed class InstantMember : QueryableMember, IComparableMember
    {
        public InstantMember(StoreOptions options, IQueryableMember parent, Casing casing, MemberInfo member)
            : base(parent, casing, member)
        {
            TypedLocator = $"{options.DatabaseSchemaName}.mt_immutable_timestamptz({RawLocator})";
        }

        public override string SelectorForDuplication(string pgType) => TypedLocator.Replace("d.data", "data");
    }
}
