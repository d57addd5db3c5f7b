// Localised order statuses → OrderStatus. Seller Center writes statuses in the UI language of whoever exported:
// English, Indonesian, Thai, Vietnamese, Portuguese (and Chinese for cross-border sellers). Unknown text is not
// guessed: the row is skipped with the text in the reason, so a missing translation shows up at once.
import { normalizeHeader } from "../headers.js";
import type { OrderLine, OrderStatus } from "../order-line.js";

const STATUSES: Record<OrderStatus, readonly string[]> = {
  unpaid: [
    "Unpaid",
    "Belum dibayar",
    "Belum Bayar",
    "ยังไม่ชำระเงิน",
    "รอการชำระเงิน",
    "Chưa thanh toán",
    "Não pago",
    "Aguardando pagamento",
    "待付款",
    "未付款",
  ],
  awaiting_shipment: [
    "To ship",
    "Awaiting shipment",
    "Awaiting collection",
    "Ready to ship",
    "On hold",
    "Processing",
    "Partially shipping",
    "Perlu dikirim",
    "Menunggu pengambilan",
    "Siap dikirim",
    "Menunggu pengiriman",
    "ที่จะจัดส่ง",
    "รอจัดส่ง",
    "รอการจัดส่ง",
    "รอการรับพัสดุ",
    "Chờ giao hàng",
    "Chờ vận chuyển",
    "Chờ lấy hàng",
    "Cần gửi",
    "A enviar",
    "Aguardando envio",
    "Aguardando coleta",
    "待发货",
    "待揽收",
  ],
  shipped: [
    "Shipped",
    "In transit",
    "Dikirim",
    "Sedang dikirim",
    "Dalam pengiriman",
    "จัดส่งแล้ว",
    "อยู่ระหว่างขนส่ง",
    "Đã gửi hàng",
    "Đang giao",
    "Đang giao hàng",
    "Đang vận chuyển",
    "Enviado",
    "Em trânsito",
    "已发货",
    "运输中",
  ],
  delivered: [
    "Delivered",
    "Terkirim",
    "Telah diterima",
    "จัดส่งสำเร็จ",
    "ส่งถึงแล้ว",
    "Đã giao",
    "Đã giao hàng",
    "Entregue",
    "已签收",
    "已送达",
  ],
  completed: [
    "Completed",
    "Selesai",
    "สำเร็จแล้ว",
    "เสร็จสมบูรณ์",
    "สำเร็จ",
    "Đã hoàn thành",
    "Hoàn thành",
    "Đã hoàn tất",
    "Concluído",
    "已完成",
  ],
  cancelled: ["Cancelled", "Canceled", "Dibatalkan", "ยกเลิกแล้ว", "ยกเลิก", "Đã hủy", "Cancelado", "已取消"],
};

const BY_TEXT = new Map<string, OrderStatus>();
for (const [status, words] of Object.entries(STATUSES) as [OrderStatus, readonly string[]][])
  for (const w of words) BY_TEXT.set(normalizeHeader(w), status);

export function parseOrderStatus(text: string): OrderStatus | null {
  return BY_TEXT.get(normalizeHeader(text)) ?? null;
}

const RETURN_TYPES: Record<NonNullable<OrderLine["returnType"]>, readonly string[]> = {
  cancel: ["Cancel", "Cancellation", "Pembatalan", "Batal", "ยกเลิก", "Hủy", "Hủy đơn", "Cancelamento", "取消"],
  return_refund: [
    "Return/Refund",
    "Return & Refund",
    "Refund only",
    "Return and refund",
    "Pengembalian/Pengembalian Dana",
    "Pengembalian Barang/Dana",
    "คืนสินค้า/คืนเงิน",
    "Trả hàng/Hoàn tiền",
    "Devolução/Reembolso",
    "退货/退款",
  ],
};

const RETURN_BY_TEXT = new Map<string, NonNullable<OrderLine["returnType"]>>();
for (const [type, words] of Object.entries(RETURN_TYPES) as [NonNullable<OrderLine["returnType"]>, readonly string[]][])
  for (const w of words) RETURN_BY_TEXT.set(normalizeHeader(w), type);

export function parseReturnType(text: string): NonNullable<OrderLine["returnType"]> | null {
  return RETURN_BY_TEXT.get(normalizeHeader(text)) ?? null;
}
