// Data Compass > LIVE list exports (newer "Attributed GMV" layout, the Excel-serial variant, and the older
// Indonesian list with its Indonesian-UI twin).
import type { HeaderTable } from "../headers.js";

export type LiveSessionField =
  | "roomId"
  | "title"
  | "creatorId"
  | "creatorHandle"
  | "creatorName"
  | "startedAt"
  | "endedAt"
  | "duration"
  | "gmv"
  | "orders"
  | "itemsSold"
  | "viewers"
  | "views"
  | "impressions"
  | "productImpressions"
  | "productClicks";

export const LIVE_SESSION_HEADERS: HeaderTable<LiveSessionField> = {
  roomId: ["Room ID", "LIVE ID", "ID Live", "ID Room", "Mã phòng", "ID phiên LIVE", "รหัสห้อง", "直播间ID", "场次ID"],
  title: ["Room Title", "Livestream", "LIVE title", "Judul Live", "Tiêu đề LIVE", "ชื่อไลฟ์", "直播标题"],
  creatorId: ["Creator ID", "ID Kreator", "达人ID"],
  // The older list has Creator (the @handle) next to Nickname (the display name).
  creatorHandle: ["Creator username", "Creator handle", "Creator", "Kreator", "Nhà sáng tạo", "ครีเอเตอร์", "达人账号"],
  creatorName: ["Nickname", "Creator name", "Nama panggilan", "Biệt danh", "ชื่อเล่น", "达人昵称"],
  startedAt: [
    "Start Time",
    "Launched Time",
    "Start time",
    "Waktu Live",
    "Waktu mulai",
    "Thời gian bắt đầu",
    "เวลาเริ่ม",
    "开播时间",
  ],
  endedAt: ["End Time", "Waktu selesai", "Thời gian kết thúc", "เวลาสิ้นสุด", "结束时间"],
  duration: ["Duration", "Durasi", "Thời lượng", "ระยะเวลา", "直播时长"],
  gmv: ["Attributed GMV", "GMV", "Revenue", "Penghasilan", "Pendapatan", "GMV được phân bổ", "รายได้", "成交金额"],
  orders: [
    "Attributed orders",
    "Orders Paid",
    "Orders",
    "Orders Created",
    "Pesanan dibayar",
    "Pesanan",
    "Đơn hàng",
    "คำสั่งซื้อ",
    "成交订单数",
  ],
  itemsSold: [
    "Attributed items sold",
    "Items sold",
    "Unit Sales",
    "Produk terjual",
    "Penjualan unit",
    "Sản phẩm đã bán",
    "สินค้าที่ขายได้",
    "成交件数",
  ],
  viewers: ["Viewers", "Customers", "Penonton", "Người xem", "ผู้ชม", "观看人数"],
  views: ["Views", "Penayangan", "Lượt xem", "ยอดดู", "观看次数"],
  impressions: ["Impressions", "LIVE impressions", "Tayangan", "Lượt hiển thị", "การแสดงผล", "曝光次数"],
  productImpressions: [
    "Product Impressions",
    "Tayangan produk",
    "Lượt hiển thị sản phẩm",
    "การแสดงผลสินค้า",
    "商品曝光次数",
  ],
  productClicks: ["Product clicks", "Klik produk", "Lượt nhấp vào sản phẩm", "คลิกสินค้า", "商品点击次数"],
};
