namespace Fleet.Samples.DemoCity;

/// <summary>A district of W市 as the generator sets it up: its division code, its name and its account prefix.</summary>
public sealed record DemoPool(string Code, string Name, string Prefix, string UnitPrefix, IReadOnlyList<string> Streets)
{
    public bool IsCity => Code == WCity.Code;
}

/// <summary>
/// The fictional city W市: its pools, the bureaus they serve and the places their cars go to. Names are
/// ordinary Chinese administrative names; the people, plates and numbers are invented.
/// </summary>
public static class WCity
{
    public const string Code = "420100";
    public const string Name = "W市";
    public const int DistrictCount = 6;

    public static DemoPool City { get; } = new(Code, Name, "city", "CITY", ["江汉路", "中山大道", "解放大道", "建设大道", "沿江大道"]);

    public static IReadOnlyList<DemoPool> Districts { get; } =
    [
        new("420102", "江岸区", "jiangan", "JA", ["大智街道", "一元街道", "车站街道", "永清街道", "后湖街道", "丹水池街道"]),
        new("420103", "江汉区", "jianghan", "JH", ["民族街道", "花楼街道", "水塔街道", "民权街道", "汉兴街道", "常青街道"]),
        new("420104", "硚口区", "qiaokou", "QK", ["古田街道", "韩家墩街道", "宗关街道", "汉水桥街道", "易家街道", "长丰街道"]),
        new("420105", "汉阳区", "hanyang", "HY", ["建桥街道", "鹦鹉街道", "洲头街道", "四新街道", "江堤街道", "永丰街道"]),
        new("420106", "武昌区", "wuchang", "WC", ["积玉桥街道", "杨园街道", "徐家棚街道", "水果湖街道", "珞珈山街道", "南湖街道"]),
        new("420107", "青山区", "qingshan", "QS", ["红卫路街道", "冶金街道", "新沟桥街道", "钢花村街道", "白玉山街道", "厂前街道"]),
    ];

    /// <summary>The unit every pool's demo clerk and approver work for; its code is the pool's unit prefix and 0001.</summary>
    public const string FirstCityUnitCode = "CITY01";

    public static IReadOnlyList<string> CityBureaus { get; } =
    [
        "W市机关事务管理局", "W市人民政府办公厅", "W市发展和改革委员会", "W市财政局", "W市教育局", "W市卫生健康委员会",
        "W市住房和城乡建设局", "W市交通运输局", "W市应急管理局", "W市生态环境局", "W市审计局", "W市统计局",
        "W市市场监督管理局", "W市自然资源和规划局", "W市商务局", "W市文化和旅游局", "W市农业农村局", "W市民政局",
    ];

    public static IReadOnlyList<string> DistrictBureaus { get; } =
    [
        "政府办公室", "发展和改革局", "财政局", "教育局", "卫生健康局", "住房和城乡建设局", "城市管理执法局", "应急管理局",
        "民政局", "人力资源和社会保障局", "市场监督管理局", "审计局", "统计局", "退役军人事务局", "文化和旅游局", "司法局",
    ];

    /// <summary>Places out of the city a trip may go to, with the distance one way in kilometres.</summary>
    public static IReadOnlyList<(string Place, int Kilometres)> OutOfRegion { get; } =
    [
        ("孝感市", 70), ("鄂州市", 75), ("黄冈市", 80), ("咸宁市", 95), ("黄石市", 100), ("仙桃市", 110),
        ("荆州市", 230), ("宜昌市", 320), ("襄阳市", 310),
    ];

    public static IReadOnlyList<string> CityPlaces { get; } =
    [
        "W市人民政府", "W市民之家", "W市政务服务中心", "W市会议中心", "天河机场", "W市火车站", "市应急指挥中心", "市档案馆",
    ];

    public static IReadOnlyList<string> Surnames { get; } =
    [
        "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗",
        "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田", "董", "袁", "潘", "蒋", "蔡", "余",
    ];

    public static IReadOnlyList<string> GivenNames { get; } =
    [
        "伟", "强", "磊", "军", "勇", "杰", "涛", "斌", "超", "明", "刚", "平", "辉", "鹏", "华", "飞", "波", "俊", "林", "浩",
        "建国", "建华", "志强", "志刚", "海涛", "国平", "晓明", "红军", "卫东", "振华", "德胜", "永红", "文斌", "俊杰", "子豪",
        "芳", "娟", "敏", "静", "丽", "艳", "玲", "霞", "秀英", "桂兰", "晓燕", "雪梅", "丽华", "慧", "婷",
    ];
}
