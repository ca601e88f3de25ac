using System.Linq.Expressions;
using System.Reflection;
using Marten.Schema;

namespace Fleet.Server.Infrastructure.Marten;

/// <summary>
/// A document member copied into a column of its own, for indexes that lead with the pool and go on with other columns.
/// Marten 9.62's <c>Schema.For&lt;T&gt;().Duplicate(…, configure: index =&gt; index.Columns = …)</c> keeps its own index on
/// the one column whatever the callback sets: the lists' indexes declared that way were built as <c>(detailsstart)</c> and
/// <c>(unit_code)</c>, not with the pool first. Declared here, in a document policy, the column comes without an index and
/// the indexes are the ones written beside it.
/// </summary>
public static class DuplicatedColumn
{
    /// <summary>
    /// Copies <paramref name="member"/> into <paramref name="column"/> (the name the column already has in existing databases,
    /// so that nothing is added or filled in again) and returns the column's name.
    /// </summary>
    public static string Add<T>(DocumentMapping mapping, Expression<Func<T, object?>> member, string column, string? pgType = null) =>
        mapping.DuplicateField(Members(member.Body), pgType!, column).ColumnName;

    /// <summary>A b-tree index over <paramref name="columns"/>, in that order, named as given.</summary>
    public static DocumentIndex Index(DocumentMapping mapping, string name, params string[] columns)
    {
        var index = new DocumentIndex(mapping, columns) { Name = name };
        mapping.Indexes.Add(index);
        return index;
    }

    private static MemberInfo[] Members(Expression body)
    {
        var members = new List<MemberInfo>();
        var expression = body is UnaryExpression { NodeType: ExpressionType.Convert } convert ? convert.Operand : body;
        while (expression is MemberExpression access)
        {
            members.Insert(0, access.Member);
            expression = access.Expression!;
        }

        return expression is ParameterExpression && members.Count > 0
            ? members.ToArray()
            : throw new ArgumentException($"Not a member path of the document: {body}", nameof(body));
    }
}
