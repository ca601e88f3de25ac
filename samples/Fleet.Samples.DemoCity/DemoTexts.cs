using Fleet.Domain.Trips;

namespace Fleet.Samples.DemoCity;

/// <summary>What people write in the forms of the demo city: purposes, reasons, comments.</summary>
internal static class DemoTexts
{
    public static readonly IReadOnlyDictionary<TripPurpose, string[]> Purposes = new Dictionary<TripPurpose, string[]>
    {
        [TripPurpose.Meeting] = ["参加全市安全生产工作会议", "参加专题协调会", "参加项目推进会", "参加人大常委会会议", "参加上级业务部署会", "参加联席会议"],
        [TripPurpose.Inspection] = ["开展安全生产检查", "赴街道调研基层治理", "检查重点项目建设进度", "督查环境整治工作", "走访企业了解经营情况", "防汛设施检查"],
        [TripPurpose.Emergency] = ["处置突发事件", "防汛抢险现场指挥", "火灾事故现场处置", "突发公共卫生事件处置"],
        [TripPurpose.Reception] = ["接待省厅调研组", "接待兄弟城市考察团", "陪同上级领导检查工作"],
        [TripPurpose.Confidential] = ["机要文件送达", "涉密文件交换", "机要通信保障"],
        [TripPurpose.Other] = ["送取公务材料", "参加业务培训", "办理公务登记手续", "慰问困难群众", "参加普法宣传活动"],
    };

    public static readonly string[] Rejections = ["请合并至周三集体出行", "非公务用途，不予批准", "路程较近，请乘坐公共交通", "时间安排冲突，请重新申请"];
    public static readonly string[] Cancellations = ["会议延期", "行程取消", "改为视频会议", "调研时间调整", "领导另有安排"];
    public const string NoCarAvailable = "调度中心无车可派，改乘公共交通";
    public static readonly string[] Declines = ["身体不适", "家中有急事", "当日已安排驾驶培训"];
    public const string Reassigned = "原派车辆临时故障，改派车辆";
    public const string ClassChanged = "所需车型已全部派出，改派其他车型";
    public static readonly string[] Disputes = ["实际返回时间早于登记时间", "登记里程与实际行程不符", "停车费未实际发生"];
    public const string NotJustified = "非紧急情况，应按程序报批";
    public const string OdometerCorrection = "回场登记误录里程，按仪表读数更正";
    public static readonly string[] Maintenance = ["定期保养", "更换刹车片", "空调维修", "更换轮胎", "发动机故障检修"];
    public static readonly string[] Insurers = ["中国人民财产保险股份有限公司W市分公司", "中国平安财产保险股份有限公司W市分公司", "中国太平洋财产保险股份有限公司W市分公司"];

    public static readonly IReadOnlyDictionary<int, string[]> Comments = new Dictionary<int, string[]>
    {
        [5] = ["驾驶平稳，服务热情", "准时到达，非常满意", "车辆整洁，驾驶员熟悉路线", ""],
        [4] = ["总体满意", "服务良好", ""],
        [3] = ["车内卫生有待改进", "到达时间稍晚"],
        [2] = ["迟到较久，影响会议", "驾驶较急，乘坐不适"],
        [1] = ["迟到严重，态度欠佳"],
    };
}
