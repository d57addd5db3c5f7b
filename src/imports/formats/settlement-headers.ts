// Finance > Statements / Income export ("Order details" sheet) header aliases: PH and MY lists from public
// parsers (MY headers carry trailing spaces, trimmed by header matching), the Indonesia variant, and UI terms.
import type { HeaderTable } from "../headers.js";

export type SettlementField =
  | "id"
  | "type"
  | "createdAt"
  | "settledAt"
  | "currency"
  | "totalSettlementAmount"
  | "totalRevenue"
  | "refundSubtotal"
  | "totalFees"
  | "affiliateCommission"
  | "relatedOrderId";

export const SETTLEMENT_HEADERS: HeaderTable<SettlementField> = {
  id: [
    "Order/adjustment ID",
    "Order/Adjustment ID",
    "ID Pesanan/Penyesuaian",
    "Mã đơn hàng/điều chỉnh",
    "รหัสคำสั่งซื้อ/การปรับปรุง",
    "订单/调整ID",
  ],
  type: ["Type", "Jenis", "Tipe", "Loại", "ประเภท", "类型"],
  createdAt: [
    "Order created time",
    "Waktu pesanan dibuat",
    "Thời gian tạo đơn hàng",
    "เวลาที่สร้างคำสั่งซื้อ",
    "订单创建时间",
  ],
  settledAt: [
    "Order settled time",
    "Waktu pesanan diselesaikan",
    "Waktu penyelesaian",
    "Thời gian quyết toán đơn hàng",
    "เวลาที่ชำระคำสั่งซื้อ",
    "订单结算时间",
  ],
  currency: ["Currency", "Mata uang", "Tiền tệ", "สกุลเงิน", "币种"],
  totalSettlementAmount: [
    "Total settlement amount",
    "Total jumlah penyelesaian",
    "Tổng số tiền quyết toán",
    "ยอดชำระทั้งหมด",
    "结算总额",
  ],
  totalRevenue: ["Total revenue", "Total Revenue", "Total pendapatan", "Tổng doanh thu", "รายได้ทั้งหมด", "总收入"],
  refundSubtotal: [
    "Refund subtotal after seller discounts",
    "Subtotal pengembalian dana setelah diskon penjual",
    "Tổng phụ hoàn tiền sau giảm giá của người bán",
    "退款小计(卖家折扣后)",
  ],
  totalFees: ["Total fees", "Total Fees", "Total biaya", "Tổng phí", "ค่าธรรมเนียมทั้งหมด", "总费用"],
  affiliateCommission: [
    "Affiliate commission",
    "Komisi afiliasi",
    "Hoa hồng liên kết",
    "ค่าคอมมิชชันแอฟฟิลิเอต",
    "联盟佣金",
  ],
  relatedOrderId: ["Related order ID", "ID pesanan terkait", "Mã đơn hàng liên quan", "关联订单ID"],
};
