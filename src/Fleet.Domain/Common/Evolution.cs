using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Reflection;

namespace Fleet.Domain.Common;

/// <summary>
/// Folds events into an aggregate by the aggregate's own methods: a public static <c>From(TEvent)</c> for each event that
/// begins it and a public <c>When(TEvent)</c> for each event that changes it. A decision folds by them before the events
/// are stored and the store's projections fold by them after, so each event an aggregate knows is listed once: in the
/// aggregate. (Not Marten's <c>Create</c>/<c>Apply</c> names: Marten dispatches those only through code generated into
/// the aggregate's own assembly, and the domain does not depend on Marten; see ADR 014.)
/// </summary>
public static class Evolution
{
    /// <summary>
    /// The state after one more event: lets a command answer with the result before it is stored. An event the
    /// aggregate has no <c>When</c> for leaves it as it is, as it does when Marten folds the stream.
    /// </summary>
    public static T Evolve<T>(this T state, object e) where T : class =>
        Appliers<T>.For(e.GetType()) is { } apply ? apply(state, e) : state;

    /// <summary>
    /// The aggregate an event begins, by the aggregate's own public static <c>From(TEvent)</c>; null when the event
    /// begins none, as Marten leaves a stream without a document until an event creates it.
    /// </summary>
    public static T? Begin<T>(object e) where T : class =>
        Creators<T>.Declared.TryGetValue(e.GetType(), out var create) ? create(e) : null;

    /// <summary>Every event type the aggregate begins with or folds, read from its <c>From</c> and <c>When</c> methods.</summary>
    public static IReadOnlyCollection<Type> EventsOf<T>() where T : class =>
        Creators<T>.Declared.Keys.Union(Appliers<T>.Declared.Keys).ToArray();

    private static class Creators<T> where T : class
    {
        public static readonly IReadOnlyDictionary<Type, Func<object, T>> Declared = typeof(T)
            .GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Where(m => m.Name == "From" && m.ReturnType == typeof(T) && m.GetParameters().Length == 1 && !m.ContainsGenericParameters)
            .ToDictionary(m => m.GetParameters()[0].ParameterType, Compile);

        private static Func<object, T> Compile(MethodInfo from)
        {
            var e = Expression.Parameter(typeof(object), "e");
            var call = Expression.Call(from, Expression.Convert(e, from.GetParameters()[0].ParameterType));
            return Expression.Lambda<Func<object, T>>(call, e).Compile();
        }
    }

    private static class Appliers<T> where T : class
    {
        public static readonly IReadOnlyDictionary<Type, Func<T, object, T>> Declared = typeof(T)
            .GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Where(m => m.Name == "When" && m.ReturnType == typeof(T) && m.GetParameters().Length == 1 && !m.ContainsGenericParameters)
            .ToDictionary(m => m.GetParameters()[0].ParameterType, Compile);

        // Looked up once per event type: an event of a type derived from the one a When takes is folded by it.
        private static readonly ConcurrentDictionary<Type, Func<T, object, T>?> ByEventType = new();

        public static Func<T, object, T>? For(Type eventType) => ByEventType.GetOrAdd(eventType, Find);

        private static Func<T, object, T>? Find(Type eventType) =>
            Declared.TryGetValue(eventType, out var exact)
                ? exact
                : Declared.Where(d => d.Key.IsAssignableFrom(eventType)).Select(d => d.Value).FirstOrDefault();

        private static Func<T, object, T> Compile(MethodInfo when)
        {
            var state = Expression.Parameter(typeof(T), "state");
            var e = Expression.Parameter(typeof(object), "e");
            var call = Expression.Call(state, when, Expression.Convert(e, when.GetParameters()[0].ParameterType));
            return Expression.Lambda<Func<T, object, T>>(call, state, e).Compile();
        }
    }
}
