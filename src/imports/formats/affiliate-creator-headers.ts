// Affiliate Center > Creator Data / Creator List header aliases (English from public parsers of US and VN
// exports; Vietnamese from a VN-UI export; Indonesian, Thai and Chinese are the UI terms).
import type { HeaderTable } from "../headers.js";

export type AffiliateCreatorField =
  | "creatorHandle"
  | "creatorName"
  | "period"
  | "gmv"
  | "orders"
  | "itemsSold"
  | "videos"
  | "liveStreams"
  | "samplesShipped"
  | "estCommission";

export const AFFILIATE_CREATOR_HEADERS: HeaderTable<AffiliateCreatorField> = {
  creatorHandle: [
    "Creator username",
    "Creator handle",
    "Username",
    "Tên người dùng của nhà sáng tạo",
    "Nama pengguna kreator",
    "ชื่อผู้ใช้ครีเอเตอร์",
    "达人账号",
    "达人用户名",
  ],
  creatorName: [
    "Creator name",
    "Creator",
    "Nickname",
    "Tên nhà sáng tạo",
    "Nama kreator",
    "Kreator",
    "ชื่อครีเอเตอร์",
    "达人昵称",
    "达人名称",
  ],
  period: [
    "Date range",
    "Time period",
    "Period",
    "Date",
    "Rentang tanggal",
    "Tanggal",
    "Khoảng thời gian",
    "Ngày",
    "ช่วงวันที่",
    "日期",
  ],
  gmv: [
    "GMV",
    "Affiliate GMV",
    "Creator-attributed GMV",
    "GMV liên kết",
    "GMV afiliasi",
    "GMV แอฟฟิลิเอต",
    "成交金额",
    "联盟GMV",
  ],
  orders: [
    "Orders",
    "Affiliate orders",
    "Creator-attributed orders",
    "Đơn hàng liên kết",
    "Pesanan",
    "Pesanan afiliasi",
    "คำสั่งซื้อ",
    "订单数",
  ],
  itemsSold: ["Items sold", "Affiliate items sold", "Sản phẩm đã bán", "Produk terjual", "สินค้าที่ขายได้", "销量"],
  videos: ["Videos", "Affiliate shoppable videos", "Video", "วิดีโอ", "视频数"],
  liveStreams: ["LIVE streams", "Affiliate LIVE streams", "Buổi LIVE", "Siaran LIVE", "ไลฟ์", "直播场次"],
  samplesShipped: ["Samples shipped", "Mẫu đã gửi", "Sampel dikirim", "ส่งตัวอย่างแล้ว", "已寄样品"],
  estCommission: [
    "Est. commission",
    "Estimated commission",
    "Hoa hồng ước tính",
    "Perkiraan komisi",
    "Est. komisi",
    "ค่าคอมมิชชันโดยประมาณ",
    "预估佣金",
  ],
};
